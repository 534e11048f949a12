import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SipTransport } from './kamailio.ts';
import { LOOPBACK } from './ports.ts';

export const AUDIO_CODECS = ['opus', 'G722', 'PCMU', 'PCMA'] as const;
export type AudioCodec = (typeof AUDIO_CODECS)[number];

// baresip matches `audio_codecs` entries by name/rate/channels, and a bare name defaults to
// 8000/1, so opus and G722 must be spelled out. When no entry matches, baresip silently falls
// back to every loaded codec: that is why only the requested codecs' modules are loaded too.
const CODEC_SPEC: Record<AudioCodec, { spec: string; module: string }> = {
  opus: { spec: 'opus/48000/2', module: 'opus.so' },
  G722: { spec: 'G722/16000/1', module: 'g722.so' },
  PCMU: { spec: 'PCMU/8000/1', module: 'g711.so' },
  PCMA: { spec: 'PCMA/8000/1', module: 'g711.so' },
};

export interface BaresipConfigOptions {
  /** Config directory (`baresip -f DIR`): config, accounts, uuid. */
  dir: string;
  /** SIP user part of the account, e.g. `agent-opus`. */
  user: string;
  /** The registrar/proxy (kamailio) the account belongs to, on `host`. */
  registrarPort: number;
  /**
   * The address baresip's SIP and RTP use (named in its SDP), and its registrar's: 127.0.0.1
   * unless a test puts the PBX on a network of its own. The control socket stays on loopback.
   */
  host?: string;
  transport: SipTransport;
  /** In preference order. */
  codecs: readonly AudioCodec[];
  /** Register the account (agents) or not (callers). */
  register: boolean;
  answerMode: 'auto' | 'manual';
  /** S16LE WAV played as the microphone; baresip's aufile does not loop it. */
  toneWav: string;
  ctrlPort: number;
  /** Where the sndfile module writes dump-<time>-{dec,enc}.wav for each call. */
  recordDir: string;
  /**
   * SRTP keyed by SDES required (`mediaenc=srtp-mand`): calls are offered and answered
   * RTP/SAVP with a=crypto only; an offer without keys is refused.
   */
  srtp?: boolean;
  /**
   * One of several phones on the same address that the proxy hunts in turn: registers with
   * this q value (higher is tried first) and takes one call at a time, answering any other
   * 486 Busy Here, so that the proxy moves on to the next phone. (baresip answers its newest
   * call, and cannot answer one while another rings: one call per phone keeps `accept` exact.)
   */
  huntQ?: string;
}

export function accountLine(options: BaresipConfigOptions): string {
  const params = [
    `answermode=${options.answerMode}`,
    `audio_codecs=${options.codecs.map((c) => CODEC_SPEC[c].spec).join(',')}`,
    `regint=${options.register ? 3600 : 0}`,
    ...(options.srtp ? ['mediaenc=srtp-mand'] : []),
    ...(options.huntQ ? [`regq=${options.huntQ}`] : []),
  ];
  return `<sip:${options.user}@${options.host ?? LOOPBACK}:${options.registrarPort};transport=${options.transport}>;${params.join(';')}`;
}

export function configText(options: BaresipConfigOptions): string {
  const codecModules = [...new Set(options.codecs.map((c) => CODEC_SPEC[c].module))];
  const host = options.host ?? LOOPBACK;
  const lines = [
    'poll_method epoll',
    // Port 0: the kernel picks UDP and TCP ports; the REGISTER Contact tells kamailio which.
    `sip_listen ${host}:0`,
    `net_interface ${host}`,
    'call_local_timeout 120',
    `call_max_calls ${options.huntQ ? 1 : 4}`,
    // A call fails without a player; aubridge's nullplay costs nothing (alsa,null burns a core).
    'audio_player aubridge,nullplay',
    'audio_alert aubridge,nullplay',
    `audio_source aufile,${options.toneWav}`,
    // aufile cannot resample: declare the file's format and let baresip resample to the codec.
    'ausrc_srate 48000',
    'ausrc_channels 1',
    'auplay_srate 48000',
    'auplay_channels 1',
    'rtp_stats no',
    // Below the gateway's media range (20000-23000) and the ports the rig picks (24000 up):
    // baresip's default, 1024-49152, overlaps both, so an agent's RTP socket could take a port
    // picked for a service before that service binds it.
    'rtp_ports 10000-19999',
    'module_path /usr/lib/baresip/modules',
    ...codecModules.map((m) => `module ${m}`),
    'module aufile.so',
    ...(options.srtp ? ['module srtp.so'] : []),
    'module aubridge.so',
    // sndfile records each call's decoded input (dec) and encoder input (enc) at codec rate.
    'module sndfile.so',
    `snd_path ${options.recordDir}`,
    'module_tmp uuid.so',
    'module_tmp account.so',
    // menu provides the commands ctrl_tcp runs (dial, hangup, listcalls, reginfo).
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen ${LOOPBACK}:${options.ctrlPort}`,
    // Otherwise menu prints a call-status line many times a second into the log.
    'statmode_default off',
    '',
  ];
  return lines.join('\n');
}

export async function writeBaresipConfig(options: BaresipConfigOptions): Promise<void> {
  await writeFile(join(options.dir, 'config'), configText(options));
  await writeFile(join(options.dir, 'accounts'), `${accountLine(options)}\n`);
}

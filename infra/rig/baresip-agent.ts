import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stripAnsi } from './ansi.ts';
import { AUDIO_CODECS, writeBaresipConfig } from './baresip-config.ts';
import type { AudioCodec } from './baresip-config.ts';
import { BaresipCtrl } from './baresip-ctrl.ts';
import type { BaresipEvent } from './baresip-ctrl.ts';
import type { SipTransport } from './kamailio.ts';
import { freePort } from './ports.ts';
import { REPO_ROOT } from './run-dir.ts';
import { stopProcess } from './processes.ts';
import type { ProcessRegistry, TrackedProcess } from './processes.ts';
import { waitFor } from './wait.ts';

const BARESIP_BIN = '/usr/bin/baresip';

export interface BaresipAgentOptions {
  processes: ProcessRegistry;
  /** Holds this baresip's config directory and recordings. */
  workDir: string;
  /** SIP user, e.g. `agent-opus` (kamailio routes `queue-opus` to it) or `caller-1`. */
  user: string;
  /** kamailio's port on `host` (registrar and outbound proxy). */
  registrarPort: number;
  /** The agent's and kamailio's address (SIP, RTP); 127.0.0.1 unless said. */
  host?: string;
  transport?: SipTransport;
  /** Codecs allowed, in preference order; all four by default. */
  codecs?: readonly AudioCodec[];
  /** Register to kamailio (an agent) or not (a caller). Default true. */
  register?: boolean;
  answerMode?: 'auto' | 'manual';
  /** S16LE 48 kHz mono WAV used as the microphone; must outlast the calls. */
  toneWav: string;
  /** Require SRTP with SDES keys (RTP/SAVP) on every call. */
  srtp?: boolean;
  /** One of several phones the proxy hunts in turn (baresip-config.ts `huntQ`). */
  huntQ?: string;
  /**
   * Where sndfile writes this agent's WAVs (created if missing; short, see below). Unset: a
   * fresh folder under test-results/, which the test's run folder links to.
   */
  recordDir?: string;
  startTimeoutMs?: number;
}

export interface CallLine {
  line: number;
  duration: string;
  state: string;
  peer: string;
}

export interface Recording {
  path: string;
  /** received: what the far end sent, as decoded; sent: what went into the encoder. */
  direction: 'received' | 'sent';
}

export interface BaresipAgent {
  readonly user: string;
  readonly process: TrackedProcess;
  readonly ctrl: BaresipCtrl;
  /** Every event so far (CALL_ESTABLISHED, CALL_CLOSED, CALL_DTMF_START, REGISTER_OK...). */
  readonly events: readonly BaresipEvent[];
  waitUntilRegistered(timeoutMs?: number): Promise<void>;
  listCalls(): Promise<CallLine[]>;
  /** Dials and resolves with the SIP Call-ID once baresip reports the call. */
  dial(uri: string, timeoutMs?: number): Promise<string>;
  /** Hangs up the current call. */
  hangup(): Promise<void>;
  /** The first event of `type` about call `callId`, past or future. */
  waitForCallEvent(callId: string, type: string, timeoutMs?: number): Promise<BaresipEvent>;
  /** Resolves when the call is established; rejects with baresip's reason if it closes first. */
  waitForEstablished(callId: string, timeoutMs?: number): Promise<BaresipEvent>;
  /** Digits received as RFC 4733 events (CALL_DTMF_START), in order, for one call or all. */
  dtmfReceived(callId?: string): string;
  /**
   * The WAVs sndfile wrote so far. baresip 1.0.0 names them after the call's start second
   * only, so two calls starting in the same second in one baresip share (and garble) files.
   */
  recordings(): Promise<Recording[]>;
  stop(): Promise<void>;
}

export function parseCallList(text: string): CallLine[] {
  const pattern = /\[line (\d+)\]\s+(\d+:\d\d:\d\d)\s+(\S+)\s+(\S+)/g;
  return [...stripAnsi(text).matchAll(pattern)].map((m) => ({
    line: Number(m[1]),
    duration: m[2] ?? '',
    state: m[3] ?? '',
    peer: m[4] ?? '',
  }));
}

/** 128 bytes less "/dump-YYYY-MM-DD-hh-mm-ss-dec.wav" and its terminating NUL. */
const maxRecordDirBytes = 128 - '/dump-2026-12-31-23-59-59-dec.wav'.length - 1;

function testRecordingsRoot(): string {
  const root = join(REPO_ROOT, 'test-results');
  mkdirSync(root, { recursive: true });
  return root;
}

/** Starts a headless baresip with a generated config and connects to its ctrl_tcp socket. */
export async function startBaresipAgent(options: BaresipAgentOptions): Promise<BaresipAgent> {
  if (!existsSync(BARESIP_BIN)) {
    throw new Error(
      `${BARESIP_BIN} not found: apt-get install -y --no-install-recommends baresip-core`,
    );
  }
  const configDir = join(options.workDir, 'config');
  // baresip 1.0's sndfile builds "<snd_path>/dump-<time>-dec.wav" in a 128-byte buffer: a
  // deep work dir truncates the name and both directions land in one garbled file. So the
  // recordings go to a short dir, linked from the work dir for people to find.
  const recordDir = options.recordDir ?? mkdtempSync(join(testRecordingsRoot(), 'rec-'));
  if (Buffer.byteLength(recordDir) > maxRecordDirBytes) {
    throw new Error(
      `baresip cannot record under ${recordDir}: its file names must fit 128 bytes, so the ` +
        `folder may take ${maxRecordDirBytes} at most; choose a shorter one`,
    );
  }
  mkdirSync(recordDir, { recursive: true });
  mkdirSync(configDir, { recursive: true });
  const link = join(options.workDir, 'recordings');
  rmSync(link, { force: true, recursive: true });
  symlinkSync(recordDir, link);
  const ctrlPort = await freePort();
  await writeBaresipConfig({
    dir: configDir,
    user: options.user,
    registrarPort: options.registrarPort,
    ...(options.host ? { host: options.host } : {}),
    transport: options.transport ?? 'udp',
    codecs: options.codecs ?? AUDIO_CODECS,
    register: options.register ?? true,
    answerMode: options.answerMode ?? 'auto',
    toneWav: options.toneWav,
    ...(options.srtp ? { srtp: true } : {}),
    ...(options.huntQ ? { huntQ: options.huntQ } : {}),
    ctrlPort,
    recordDir,
  });
  const proc = options.processes.spawn({
    name: `baresip-${options.user}`,
    command: BARESIP_BIN,
    args: ['-f', configDir],
    // A first SIGTERM makes baresip un-register and wait for the registrar, which may already
    // be gone; a second one makes it exit at once.
    repeatTermAfterMs: 300,
  });
  const died = () =>
    proc.hasExited() ? `baresip ${options.user} exited, see ${proc.logPath}` : undefined;
  const ctrl = await BaresipCtrl.connect(ctrlPort, options.startTimeoutMs ?? 5_000, died);
  const aor = `sip:${options.user}@`;

  const waitForCallEvent = (callId: string, type: string, timeoutMs = 10_000) =>
    ctrl
      .waitForEvent((e) => e.id === callId && e.type === type, timeoutMs)
      .catch((error: Error) => {
        throw new Error(`${options.user}: no ${type} for call ${callId}: ${error.message}`);
      });

  return {
    user: options.user,
    process: proc,
    ctrl,
    events: ctrl.events,
    async waitUntilRegistered(timeoutMs = 5_000) {
      // reginfo shows "OK" once the registrar accepted the REGISTER; the REGISTER_OK event
      // may have fired before we connected, so poll the state instead of waiting for it.
      await waitFor(
        async () => {
          const failed = ctrl.events.find((e) => e.type === 'REGISTER_FAIL');
          if (failed) throw new Error(`${options.user} failed to register: ${failed.param ?? ''}`);
          const lines = stripAnsi(await ctrl.command('reginfo')).split('\n');
          return lines.some((l) => l.includes(aor) && /\bOK\b/.test(l));
        },
        { timeoutMs, what: `${options.user} to register`, abort: died, intervalMs: 100 },
      );
    },
    async listCalls() {
      return parseCallList(await ctrl.command('listcalls'));
    },
    async dial(uri, timeoutMs = 5_000) {
      const from = ctrl.events.length;
      await ctrl.command('dial', uri);
      // The dial response carries no Call-ID; the next outgoing call event does.
      const event = await ctrl.waitForEvent(
        (e) => e.direction === 'outgoing' && e.id !== undefined,
        timeoutMs,
        from,
      );
      return event.id ?? '';
    },
    async hangup() {
      await ctrl.command('hangup');
    },
    waitForCallEvent,
    async waitForEstablished(callId, timeoutMs = 10_000) {
      const settled = (e: BaresipEvent) =>
        e.id === callId && (e.type === 'CALL_ESTABLISHED' || e.type === 'CALL_CLOSED');
      const event = await ctrl.waitForEvent(settled, timeoutMs).catch((error: Error) => {
        throw new Error(`${options.user}: call ${callId} not established: ${error.message}`);
      });
      if (event.type === 'CALL_CLOSED') {
        throw new Error(
          `${options.user}: call ${callId} closed before it was established: ${event.param ?? ''}`,
        );
      }
      return event;
    },
    dtmfReceived(callId) {
      const digits = ctrl.events.filter(
        (e) => e.type === 'CALL_DTMF_START' && (callId === undefined || e.id === callId),
      );
      return digits.map((e) => e.param ?? '').join('');
    },
    async recordings() {
      const names = (await readdir(recordDir))
        .filter((n) => /^dump-.*-(dec|enc)\.wav$/.test(n))
        .sort();
      return names.map((n) => ({
        path: join(recordDir, n),
        direction: n.endsWith('-dec.wav') ? 'received' : 'sent',
      }));
    },
    async stop() {
      ctrl.close();
      await stopProcess(proc);
    },
  };
}

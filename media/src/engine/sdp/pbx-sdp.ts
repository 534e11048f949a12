import { isIP } from 'node:net';
import * as sdpTransform from 'sdp-transform';
import { voiceCodecNames, type VoiceCodecName } from '../../media-engine.ts';
import type { OfferedCodec } from './browser-offer.ts';
import { isCarriedClock } from './offered-codecs.ts';
import { offeredSections, rejectedSection, type OfferedSection } from './offered-sections.ts';
import { payloadTypeOf } from './payload-type.ts';
import { SdpError } from './sdp-error.ts';
import { cryptoAttribute, type SdesCrypto } from './sdes-crypto.ts';

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** Our plain RTP socket(s) toward the PBX. */
export interface PlainRtpAddress {
  ip: string;
  port: number;
  /** RTCP on its own port (most PBXs do not multiplex RTCP). */
  rtcpPort: number;
}

export interface PbxOfferOptions {
  address: PlainRtpAddress;
  /** Voice codecs in the trunk's order, then telephone-event, numbered as the browser did. */
  codecs: OfferedCodec[];
  sessionId: number;
  sessionVersion: number;
  direction: MediaDirection;
  /** Answering the PBX's offer: one line per line of it, every other than its audio rejected. */
  answering?: OfferedSection[];
  /** Our SRTP key (SDES): the audio is RTP/SAVP with this a=crypto line; unset: RTP/AVP. */
  crypto?: SdesCrypto;
}

/** The RTP/AVP (or, with SDES, RTP/SAVP) audio SDP, offer or answer, for the PBX leg. */
export function buildPbxSdp({
  address,
  codecs,
  sessionId,
  sessionVersion,
  direction,
  answering,
  crypto,
}: PbxOfferOptions): string {
  const used = answering?.find((section) => section.used);
  const audio: sdpTransform.MediaDescription = {
    type: 'audio',
    port: address.port,
    protocol: crypto ? 'RTP/SAVP' : 'RTP/AVP',
    ...(crypto ? { crypto: [cryptoAttribute(crypto)] } : {}),
    payloads: codecs.map((codec) => codec.payloadType).join(' '),
    rtp: codecs.map((codec) => ({
      payload: codec.payloadType,
      codec: codec.mimeType.replace(/^audio\//, ''),
      rate: codec.clockRate,
      ...(codec.channels && codec.channels > 1 ? { encoding: codec.channels } : {}),
    })),
    fmtp: codecs.flatMap((codec) => {
      if (codec.mimeType === 'audio/telephone-event')
        return [{ payload: codec.payloadType, config: '0-16' }];
      if (codec.mimeType === 'audio/opus')
        return [{ payload: codec.payloadType, config: 'minptime=10;useinbandfec=1' }];
      return [];
    }),
    rtcp: { port: address.rtcpPort, netType: 'IN', ipVer: 4, address: address.ip },
    ptime: 20,
    direction,
    // The PBX's audio line named a mid: its answer line does too (RFC 5888 9.1).
    ...(used?.mid !== undefined ? { mid: used.mid } : {}),
  };
  const session: sdpTransform.SessionDescription = {
    version: 0,
    origin: {
      username: '-',
      sessionId,
      sessionVersion,
      netType: 'IN',
      ipVer: 4,
      address: address.ip,
    },
    name: 'click-to-call',
    connection: { version: 4, ip: address.ip },
    timing: { start: 0, stop: 0 },
    // RFC 3264 6: an answer has as many lines as the offer (a PBX may offer video too).
    media: answering?.map((section) => (section.used ? audio : rejectedSection(section))) ?? [
      audio,
    ],
  };
  return sdpTransform.write(session);
}

export interface PbxVoiceCodec {
  name: VoiceCodecName;
  payloadType: number;
  clockRate: number;
}

/** What the gateway needs from the PBX's SDP (an answer, or a re-INVITE's offer). */
export interface PbxMediaDescription {
  ip: string;
  port: number;
  rtcpPort: number;
  rtcpMux: boolean;
  direction: MediaDirection;
  /** The first voice codec of the m= line: the one the PBX sends and expects. */
  voice: PbxVoiceCodec;
  /**
   * The other voice codecs of ours the PBX listed, in its order: it may send any of them, and
   * switch between them without a new offer (RFC 3264 5.1), so the gateway takes them too.
   */
  otherVoices: PbxVoiceCodec[];
  telephoneEventPayloadType?: number;
  /** The clock of the PBX's RFC 4733 events (not always the voice codec's). */
  telephoneEventClockRate?: number;
  /** The packet length the PBX asks for (`a=ptime`, e.g. 30 on Cisco trunks), in ms. */
  ptime?: number;
  /** Every m-line of the PBX's SDP, in order: an answer to its offer echoes them all. */
  sections: OfferedSection[];
  /** The audio line's profile and its SDES keys (RTP/SAVP), read by sdes-crypto.ts. */
  sdes: Pick<sdpTransform.MediaDescription, 'protocol' | 'crypto'>;
}

/**
 * Reads the PBX's SDP. `inUse`, the codec a call already carries, is taken wherever the PBX
 * lists it (a re-offer may list its codecs in any order); otherwise its first voice codec of
 * `offered` (what our offer named: a PBX answering with another broke RFC 3264 6.1).
 */
export function parsePbxSdp(
  sdp: string,
  inUse?: VoiceCodecName,
  offered: readonly VoiceCodecName[] = voiceCodecNames,
  profile: 'RTP/AVP' | 'RTP/SAVP' = 'RTP/AVP',
): PbxMediaDescription {
  const session = sdpTransform.parse(sdp);
  // Plain RTP, or SRTP keyed by SDES when the trunk requires it: one profile, never a mix.
  const active = session.media?.filter((media) => media.type === 'audio' && media.port !== 0);
  const audio = active?.find((media) => media.protocol === profile);
  if (!audio && profile === 'RTP/SAVP' && active?.some((media) => media.protocol === 'RTP/AVP'))
    throw new SdpError(
      'sdp_no_crypto',
      'the PBX sent plain RTP/AVP audio, and this trunk requires SRTP (MEDIA_TRUNK_SRTP=sdes)',
    );
  if (!audio)
    throw new SdpError('sdp_no_audio', `the PBX sent no active audio section over ${profile}`);
  const sections = offeredSections(session, audio, { bundled: false });
  const ip = String(audio.connection?.ip ?? session.connection?.ip ?? '');
  // An address to send RTP to (RFC 8866 allows a host name, or a multicast TTL; no PBX does).
  if (!isIP(ip)) throw new SdpError('sdp_unparsable', 'the PBX SDP has no connection IP address');
  const rtcpMux = audio.rtcpMux === 'rtcp-mux';
  const rtcpPort = rtcpMux ? audio.port : (audio.rtcp?.port ?? audio.port + 1);
  if (!isPort(audio.port) || !isPort(rtcpPort)) {
    throw new SdpError('sdp_unparsable', 'the PBX SDP has no usable RTP or RTCP port');
  }

  const order = String(audio.payloads ?? '')
    .split(' ')
    .map(payloadTypeOf);
  // Only what the m= line lists counts, in its order; static types may lack an rtpmap line.
  // A codec we carry counts at its own clock only.
  const listed = order.flatMap((payloadType) => {
    if (Number.isNaN(payloadType)) return [];
    const rtp = audio.rtp.find((entry) => entry.payload === payloadType);
    if (rtp) {
      // An rtpmap always names the clock (RFC 8866 6.6): without one, the line is not read.
      if (typeof rtp.rate !== 'number') return [];
      const entry = { payloadType, codec: String(rtp.codec), clockRate: rtp.rate };
      return isCarriedClock(entry.codec, entry.clockRate) ? [entry] : [];
    }
    const known = staticPayloadTypes.find((entry) => entry.payloadType === payloadType);
    return known ? [{ payloadType, codec: known.name, clockRate: known.clockRate }] : [];
  });
  const voiceEntry =
    listed.find((entry) => inUse !== undefined && sameName(inUse, entry.codec)) ??
    listed.find((entry) => offered.some((name) => sameName(name, entry.codec)));
  if (!voiceEntry) {
    throw new SdpError(
      'sdp_no_common_codec',
      `the PBX answered with no voice codec we offered (${audio.payloads})`,
    );
  }
  const voiceCodec = (entry: (typeof listed)[number]): PbxVoiceCodec => ({
    name: voiceCodecNames.find((name) => sameName(name, entry.codec)) as VoiceCodecName,
    payloadType: entry.payloadType,
    clockRate: entry.clockRate,
  });
  const voice = voiceCodec(voiceEntry);
  // Each of our codecs once (a PBX listing one twice sends it under its first number).
  const otherVoices = listed
    .filter((entry) => offered.some((name) => sameName(name, entry.codec)))
    .map(voiceCodec)
    .filter(
      (entry, index, all) =>
        entry.name !== voice.name && all.findIndex((e) => e.name === entry.name) === index,
    );
  // RFC 4733 wants events at the voice codec's clock, but many PBXs (baresip, Asterisk) pair
  // Opus with telephone-event/8000 only: take the matching one, else whatever they answered.
  const events = listed.filter((entry) => sameName('telephone-event', entry.codec));
  const telephoneEvent = events.find((entry) => entry.clockRate === voice.clockRate) ?? events[0];
  // c=0.0.0.0 is RFC 2543 hold: the PBX wants no media sent to it.
  const direction =
    ip === '0.0.0.0'
      ? 'inactive'
      : ((audio.direction ?? session.direction ?? 'sendrecv') as MediaDirection);
  // Whole 10 ms steps up to 120 ms, as RTP audio codecs frame (RFC 3551 4.5); else ignored.
  const ptime = Number(audio.ptime);
  return {
    ...(Number.isInteger(ptime) && ptime >= 10 && ptime <= 120 && ptime % 10 === 0
      ? { ptime }
      : {}),
    ip,
    port: audio.port,
    rtcpPort,
    rtcpMux,
    direction,
    voice,
    otherVoices,
    sections,
    sdes: { protocol: audio.protocol, ...(audio.crypto ? { crypto: audio.crypto } : {}) },
    ...(telephoneEvent
      ? {
          telephoneEventPayloadType: telephoneEvent.payloadType,
          telephoneEventClockRate: telephoneEvent.clockRate,
        }
      : {}),
  };
}

// RFC 3551 static payload types may come without an a=rtpmap line.
const staticPayloadTypes: PbxVoiceCodec[] = [
  { name: 'PCMU', payloadType: 0, clockRate: 8000 },
  { name: 'PCMA', payloadType: 8, clockRate: 8000 },
  { name: 'G722', payloadType: 9, clockRate: 8000 },
];

const isPort = (port: unknown) =>
  Number.isInteger(port) && Number(port) >= 1 && Number(port) <= 65535;

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

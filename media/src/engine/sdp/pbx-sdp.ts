import * as sdpTransform from 'sdp-transform';
import { voiceCodecNames, type VoiceCodecName } from '../../media-engine.ts';
import type { OfferedCodec } from './browser-offer.ts';
import { SdpError } from './sdp-error.ts';

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
}

/** A plain RTP/AVP audio SDP (offer or answer) for the PBX leg. */
export function buildPbxSdp({
  address,
  codecs,
  sessionId,
  sessionVersion,
  direction,
}: PbxOfferOptions): string {
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
    media: [
      {
        type: 'audio',
        port: address.port,
        protocol: 'RTP/AVP',
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
      },
    ],
  };
  return sdpTransform.write(session);
}

/** What the gateway needs from the PBX's SDP (an answer, or a re-INVITE's offer). */
export interface PbxMediaDescription {
  ip: string;
  port: number;
  rtcpPort: number;
  rtcpMux: boolean;
  direction: MediaDirection;
  /** The first voice codec of the m= line: the one the PBX sends and expects. */
  voice: { name: VoiceCodecName; payloadType: number; clockRate: number };
  telephoneEventPayloadType?: number;
  /** The clock of the PBX's RFC 4733 events (not always the voice codec's). */
  telephoneEventClockRate?: number;
}

export function parsePbxSdp(sdp: string): PbxMediaDescription {
  const session = sdpTransform.parse(sdp);
  const audio = session.media?.find((media) => media.type === 'audio' && media.port !== 0);
  if (!audio) throw new SdpError('sdp_no_audio', 'the PBX sent no active audio section');
  const ip = audio.connection?.ip ?? session.connection?.ip;
  if (!ip) throw new SdpError('sdp_unparsable', 'the PBX SDP has no connection address');

  const order = String(audio.payloads ?? '')
    .split(' ')
    .map(Number);
  // Only what the m= line lists counts, in its order; static types may lack an rtpmap line.
  const listed = order.flatMap((payloadType) => {
    const rtp = audio.rtp.find((entry) => entry.payload === payloadType);
    if (rtp) return [{ payloadType, codec: rtp.codec, clockRate: rtp.rate ?? 8000 }];
    const known = staticPayloadTypes.find((entry) => entry.payloadType === payloadType);
    return known ? [{ payloadType, codec: known.name, clockRate: known.clockRate }] : [];
  });
  const voiceEntry = listed.find((entry) =>
    voiceCodecNames.some((name) => sameName(name, entry.codec)),
  );
  if (!voiceEntry) {
    throw new SdpError(
      'sdp_no_common_codec',
      `the PBX answered with no voice codec we offered (${audio.payloads})`,
    );
  }
  const voice = {
    name: voiceCodecNames.find((name) => sameName(name, voiceEntry.codec)) as VoiceCodecName,
    payloadType: voiceEntry.payloadType,
    clockRate: voiceEntry.clockRate,
  };
  // RFC 4733 wants events at the voice codec's clock, but many PBXs (baresip, Asterisk) pair
  // Opus with telephone-event/8000 only: take the matching one, else whatever they answered.
  const events = listed.filter((entry) => sameName('telephone-event', entry.codec));
  const telephoneEvent = events.find((entry) => entry.clockRate === voice.clockRate) ?? events[0];
  // c=0.0.0.0 is RFC 2543 hold: the PBX wants no media sent to it.
  const direction =
    ip === '0.0.0.0'
      ? 'inactive'
      : ((audio.direction ?? session.direction ?? 'sendrecv') as MediaDirection);
  return {
    ip,
    port: audio.port,
    rtcpPort: audio.rtcp?.port ?? audio.port + 1,
    rtcpMux: audio.rtcpMux === 'rtcp-mux',
    direction,
    voice,
    ...(telephoneEvent
      ? {
          telephoneEventPayloadType: telephoneEvent.payloadType,
          telephoneEventClockRate: telephoneEvent.clockRate,
        }
      : {}),
  };
}

// RFC 3551 static payload types may come without an a=rtpmap line.
const staticPayloadTypes: PbxMediaDescription['voice'][] = [
  { name: 'PCMU', payloadType: 0, clockRate: 8000 },
  { name: 'PCMA', payloadType: 8, clockRate: 8000 },
  { name: 'G722', payloadType: 9, clockRate: 8000 },
];

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

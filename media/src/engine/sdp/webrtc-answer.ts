import * as sdpTransform from 'sdp-transform';
import type { types } from 'mediasoup';
import type { BrowserAudioOffer, OfferedCodec } from './browser-offer.ts';
import type { ChosenAudioCodecs } from './choose-audio-codec.ts';
import { iceDtlsAttributes, iceLiteSession } from './ice-lite-answer.ts';
import { answeredExtensions } from './answered-extensions.ts';
import { rejectedSection } from './offered-sections.ts';

export interface WebRtcAnswerOptions {
  offer: BrowserAudioOffer;
  chosen: ChosenAudioCodecs;
  transport: Pick<types.WebRtcTransport, 'iceParameters' | 'iceCandidates' | 'dtlsParameters'>;
  /** Our DTLS role in the answer: mediasoup is the server when the browser connects as client. */
  setup: 'active' | 'passive';
  /** What the gateway sends toward the browser (the agent's audio), when it does. */
  send?: { ssrc: number; cname: string; streamId: string };
  /** The packet length the PBX asked for: the browser's encoder frames its audio so. */
  ptime?: number;
}

/** The SDP answer to a browser's audio offer, from a mediasoup WebRtcTransport (ICE lite). */
export function buildWebRtcAnswer({
  offer,
  chosen,
  transport,
  setup,
  send,
  ptime,
}: WebRtcAnswerOptions): string {
  const codecs = [
    chosen.voice,
    ...(chosen.otherVoices ?? []),
    ...(chosen.telephoneEvent ? [chosen.telephoneEvent] : []),
  ];

  const media: sdpTransform.MediaDescription = {
    type: 'audio',
    port: 7,
    protocol: 'UDP/TLS/RTP/SAVPF',
    payloads: codecs.map((codec) => codec.payloadType).join(' '),
    connection: { version: 4, ip: '127.0.0.1' },
    rtcp: { port: 7, netType: 'IN', ipVer: 4, address: '127.0.0.1' },
    rtcpMux: 'rtcp-mux',
    mid: offer.mid,
    ...iceDtlsAttributes(transport, setup),
    direction: send ? 'sendrecv' : 'recvonly',
    rtp: codecs.map(toRtpMap),
    fmtp: codecs
      .filter((codec) => Object.keys(codec.parameters).length > 0)
      .map((codec) => ({ payload: codec.payloadType, config: fmtpConfig(codec) })),
    rtcpFb: [],
    ext: answeredExtensions(offer).map((ext) => ({ value: ext.id, uri: ext.uri })),
    ...(ptime ? { ptime } : {}),
    ...(send
      ? {
          msid: [{ id: send.streamId, appdata: `${send.streamId}-audio` }],
          ssrcs: [
            { id: send.ssrc, attribute: 'cname', value: send.cname },
            { id: send.ssrc, attribute: 'msid', value: `${send.streamId} ${send.streamId}-audio` },
          ],
        }
      : {}),
  };
  // Every other offered line (video from a softphone, a second audio) is answered rejected:
  // a browser refuses an answer with fewer m-lines than its offer.
  return sdpTransform.write(
    iceLiteSession(
      offer.mid,
      offer.sections.map((section) => (section.used ? media : rejectedSection(section))),
      { msidSemantic: { semantic: 'WMS', token: '*' } },
    ),
  );
}

function toRtpMap(codec: OfferedCodec): sdpTransform.MediaDescription['rtp'][number] {
  return {
    payload: codec.payloadType,
    codec: codec.mimeType.replace(/^audio\//, ''),
    rate: codec.clockRate,
    ...(codec.channels && codec.channels > 1 ? { encoding: codec.channels } : {}),
  };
}

function fmtpConfig(codec: OfferedCodec): string {
  return Object.entries(codec.parameters)
    .map(([key, value]) => `${key}=${value}`)
    .join(';');
}

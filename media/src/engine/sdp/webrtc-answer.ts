import * as sdpTransform from 'sdp-transform';
import type { types } from 'mediasoup';
import type { BrowserAudioOffer, OfferedCodec } from './browser-offer.ts';
import type { ChosenAudioCodecs } from './choose-audio-codec.ts';

export interface WebRtcAnswerOptions {
  offer: BrowserAudioOffer;
  chosen: ChosenAudioCodecs;
  transport: Pick<types.WebRtcTransport, 'iceParameters' | 'iceCandidates' | 'dtlsParameters'>;
  /** Our DTLS role in the answer: mediasoup is the server when the browser connects as client. */
  setup: 'active' | 'passive';
  /** What the gateway sends toward the browser (the agent's audio), when it does. */
  send?: { ssrc: number; cname: string; streamId: string };
}

/** The SDP answer to a browser's audio offer, from a mediasoup WebRtcTransport (ICE lite). */
export function buildWebRtcAnswer({
  offer,
  chosen,
  transport,
  setup,
  send,
}: WebRtcAnswerOptions): string {
  const codecs = [chosen.voice, ...(chosen.telephoneEvent ? [chosen.telephoneEvent] : [])];
  const fingerprint =
    transport.dtlsParameters.fingerprints.find((fp) => fp.algorithm === 'sha-256') ??
    transport.dtlsParameters.fingerprints[0];
  if (!fingerprint) throw new Error('the transport offers no DTLS fingerprint');

  const media: sdpTransform.MediaDescription = {
    type: 'audio',
    port: 7,
    protocol: 'UDP/TLS/RTP/SAVPF',
    payloads: codecs.map((codec) => codec.payloadType).join(' '),
    connection: { version: 4, ip: '127.0.0.1' },
    rtcp: { port: 7, netType: 'IN', ipVer: 4, address: '127.0.0.1' },
    rtcpMux: 'rtcp-mux',
    mid: offer.mid,
    iceUfrag: transport.iceParameters.usernameFragment,
    icePwd: transport.iceParameters.password,
    fingerprint: { type: fingerprint.algorithm, hash: fingerprint.value },
    setup,
    direction: send ? 'sendrecv' : 'recvonly',
    candidates: transport.iceCandidates.map((candidate) => ({
      foundation: candidate.foundation,
      component: 1,
      transport: candidate.protocol,
      priority: candidate.priority,
      ip: candidate.address,
      port: candidate.port,
      type: candidate.type,
      ...(candidate.tcpType ? { tcptype: candidate.tcpType } : {}),
    })),
    endOfCandidates: 'end-of-candidates',
    rtp: codecs.map(toRtpMap),
    fmtp: codecs
      .filter((codec) => Object.keys(codec.parameters).length > 0)
      .map((codec) => ({ payload: codec.payloadType, config: fmtpConfig(codec) })),
    rtcpFb: [],
    ext: offer.headerExtensions
      .filter((ext) => ext.uri === 'urn:ietf:params:rtp-hdrext:sdes:mid')
      .map((ext) => ({
        value: ext.id,
        uri: ext.uri,
      })),
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
  const session: sdpTransform.SessionDescription = {
    version: 0,
    origin: {
      username: '-',
      sessionId: Date.now(),
      sessionVersion: 1,
      netType: 'IN',
      ipVer: 4,
      address: '127.0.0.1',
    },
    name: '-',
    timing: { start: 0, stop: 0 },
    icelite: 'ice-lite',
    groups: [{ type: 'BUNDLE', mids: offer.mid }],
    msidSemantic: { semantic: 'WMS', token: '*' },
    media: [media],
  };
  return sdpTransform.write(session);
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

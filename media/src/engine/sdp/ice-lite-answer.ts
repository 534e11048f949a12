import type * as sdpTransform from 'sdp-transform';
import type { types } from 'mediasoup';

type TransportSide = Pick<
  types.WebRtcTransport,
  'iceParameters' | 'iceCandidates' | 'dtlsParameters'
>;

/**
 * The ICE and DTLS attributes of an answer's media section, from a mediasoup WebRtcTransport
 * (ICE lite: every candidate up front, then end-of-candidates). Shared by the call's audio
 * answer and the connection test's data-channel answer.
 */
export function iceDtlsAttributes(
  transport: TransportSide,
  setup: 'active' | 'passive',
): Pick<
  sdpTransform.MediaDescription,
  'iceUfrag' | 'icePwd' | 'fingerprint' | 'setup' | 'candidates' | 'endOfCandidates'
> {
  const fingerprint =
    transport.dtlsParameters.fingerprints.find((fp) => fp.algorithm === 'sha-256') ??
    transport.dtlsParameters.fingerprints[0];
  if (!fingerprint) throw new Error('the transport offers no DTLS fingerprint');
  return {
    iceUfrag: transport.iceParameters.usernameFragment,
    icePwd: transport.iceParameters.password,
    fingerprint: { type: fingerprint.algorithm, hash: fingerprint.value },
    setup,
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
  };
}

/**
 * An ICE-lite session around the answer's media sections (in the offer's order), bundled
 * under the mid of the one in use: any other is a rejected line, outside the bundle.
 */
export function iceLiteSession(
  mid: string,
  media: sdpTransform.MediaDescription[],
  extra: Partial<sdpTransform.SessionDescription> = {},
): sdpTransform.SessionDescription {
  return {
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
    groups: [{ type: 'BUNDLE', mids: mid }],
    ...extra,
    media,
  };
}

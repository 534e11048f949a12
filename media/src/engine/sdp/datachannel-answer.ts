import * as sdpTransform from 'sdp-transform';
import type { types } from 'mediasoup';
import type { BrowserDataChannelOffer } from './datachannel-offer.ts';
import { iceDtlsAttributes, iceLiteSession } from './ice-lite-answer.ts';
import { rejectedSection } from './offered-sections.ts';

export interface DataChannelAnswerOptions {
  offer: BrowserDataChannelOffer;
  transport: Pick<
    types.WebRtcTransport,
    'iceParameters' | 'iceCandidates' | 'dtlsParameters' | 'sctpParameters'
  >;
  /** Our DTLS role in the answer: mediasoup is the server when the browser connects as client. */
  setup: 'active' | 'passive';
}

/**
 * The SDP answer to a browser's data-channel offer, from a mediasoup WebRtcTransport with
 * SCTP enabled (ICE lite): `m=application 9 UDP/DTLS/SCTP webrtc-datachannel` (RFC 8841).
 */
export function buildDataChannelAnswer({
  offer,
  transport,
  setup,
}: DataChannelAnswerOptions): string {
  const sctp = transport.sctpParameters;
  if (!sctp) throw new Error('the transport has no SCTP association');

  const media: sdpTransform.MediaDescription = {
    type: 'application',
    port: 9,
    protocol: 'UDP/DTLS/SCTP',
    payloads: 'webrtc-datachannel',
    connection: { version: 4, ip: '127.0.0.1' },
    mid: offer.mid,
    ...iceDtlsAttributes(transport, setup),
    sctpPort: sctp.port,
    // The largest message we take (RFC 8841 section 6): each side declares its own.
    maxMessageSize: sctp.maxReceiveMessageSize,
    rtp: [],
    fmtp: [],
  };
  // Any other offered line is answered rejected (RFC 3264 6).
  return sdpTransform.write(
    iceLiteSession(
      offer.mid,
      offer.sections.map((section) => (section.used ? media : rejectedSection(section))),
    ),
  );
}

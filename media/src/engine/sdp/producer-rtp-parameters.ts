import type { types } from 'mediasoup';
import type { BrowserAudioOffer, OfferedCodec } from './browser-offer.ts';
import type { ChosenAudioCodecs } from './choose-audio-codec.ts';

// Header extensions mediasoup understands on an audio producer; others are left out.
const usableExtensions = new Set<string>([
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
]);

/** The RTP parameters of the browser's audio as a mediasoup Producer receives it. */
export function producerRtpParameters(
  offer: BrowserAudioOffer,
  chosen: ChosenAudioCodecs,
): types.RtpParameters {
  const codecs = [chosen.voice, ...(chosen.telephoneEvent ? [chosen.telephoneEvent] : [])].map(
    toCodecParameters,
  );
  return {
    mid: offer.mid,
    codecs,
    headerExtensions: offer.headerExtensions
      .filter((ext) => usableExtensions.has(ext.uri))
      .map((ext) => ({ uri: ext.uri as types.RtpHeaderExtensionUri, id: ext.id })),
    // Without an SSRC in the offer, mediasoup matches the stream by MID.
    encodings: [offer.ssrc === undefined ? {} : { ssrc: offer.ssrc }],
    rtcp: { ...(offer.cname ? { cname: offer.cname } : {}), reducedSize: true },
  };
}

function toCodecParameters(codec: OfferedCodec): types.RtpCodecParameters {
  return {
    mimeType: codec.mimeType,
    payloadType: codec.payloadType,
    clockRate: codec.clockRate,
    ...(codec.channels ? { channels: codec.channels } : {}),
    parameters: codec.parameters,
    rtcpFeedback: codec.rtcpFeedback
      .filter((fb) => fb.type === 'transport-cc' || fb.type === 'nack')
      .map((fb) => (fb.parameter ? fb : { type: fb.type })),
  };
}

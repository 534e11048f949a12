import type { types } from 'mediasoup';
import type { BrowserAudioOffer, OfferedCodec } from './browser-offer.ts';
import type { ChosenAudioCodecs } from './choose-audio-codec.ts';
import { answeredExtensions } from './answered-extensions.ts';

/** The RTP parameters of the browser's audio as a mediasoup Producer receives it, as answered. */
export function producerRtpParameters(
  offer: BrowserAudioOffer,
  chosen: ChosenAudioCodecs,
): types.RtpParameters {
  const codecs = [
    chosen.voice,
    ...(chosen.otherVoices ?? []),
    ...(chosen.telephoneEvent ? [chosen.telephoneEvent] : []),
  ].map(toCodecParameters);
  return {
    mid: offer.mid,
    codecs,
    headerExtensions: answeredExtensions(offer).map((ext) => ({
      uri: ext.uri as types.RtpHeaderExtensionUri,
      id: ext.id,
    })),
    // Without an SSRC in the offer, mediasoup matches the stream by MID.
    encodings: [offer.ssrc === undefined ? {} : { ssrc: offer.ssrc }],
    rtcp: { ...(offer.cname ? { cname: offer.cname } : {}), reducedSize: true },
  };
}

/** A codec the browser offered, as mediasoup's RTP parameters take it (producers, and the PBX's). */
export function toCodecParameters(codec: OfferedCodec): types.RtpCodecParameters {
  return {
    mimeType: codec.mimeType,
    payloadType: codec.payloadType,
    clockRate: codec.clockRate,
    ...(codec.channels ? { channels: codec.channels } : {}),
    parameters: codec.parameters,
    // The answer offers no RTCP feedback (no NACK, no transport-cc): neither serves a voice call.
    rtcpFeedback: [],
  };
}

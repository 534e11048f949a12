import type { types } from 'mediasoup';
import type { VoiceCodecName } from '../media-engine.ts';
import { parseBrowserAudioOffer } from './sdp/browser-offer.ts';
import { chooseAudioCodec, type ChosenAudioCodecs } from './sdp/choose-audio-codec.ts';
import { producerRtpParameters } from './sdp/producer-rtp-parameters.ts';
import { buildWebRtcAnswer } from './sdp/webrtc-answer.ts';
import { openWebRtcTransport, type WebRtcListenSettings } from './webrtc-transport.ts';

export interface BrowserLegOptions {
  router: types.Router;
  listen: WebRtcListenSettings;
  offerSdp: string;
  /** Voice codecs acceptable on this call, best first. */
  codecPreference: readonly VoiceCodecName[];
}

/** A receive-only browser leg: its WebRTC transport and the audio it sends. */
export interface BrowserLeg {
  answerSdp: string;
  chosen: ChosenAudioCodecs;
  transport: types.WebRtcTransport;
  producer: types.Producer;
}

/**
 * Answers a browser's WebRTC audio offer and produces its audio into `router`, for media that
 * only listens to the browser (the connection test's and sound check's paths).
 */
export async function openBrowserLeg({
  router,
  listen,
  offerSdp,
  codecPreference,
}: BrowserLegOptions): Promise<BrowserLeg> {
  const offer = parseBrowserAudioOffer(offerSdp);
  const chosen = chooseAudioCodec(offer.codecs, codecPreference);
  const { transport, setup } = await openWebRtcTransport(router, listen, offer);
  try {
    const producer = await transport.produce({
      kind: 'audio',
      rtpParameters: producerRtpParameters(offer, chosen),
    });
    return {
      answerSdp: buildWebRtcAnswer({ offer, chosen, transport, setup }),
      chosen,
      transport,
      producer,
    };
  } catch (error) {
    transport.close();
    throw error;
  }
}

import type { types } from 'mediasoup';
import type { VoiceCodecName } from '../media-engine.ts';
import { parseBrowserAudioOffer } from './sdp/browser-offer.ts';
import { chooseAudioCodec, type ChosenAudioCodecs } from './sdp/choose-audio-codec.ts';
import { producerRtpParameters } from './sdp/producer-rtp-parameters.ts';
import { buildWebRtcAnswer } from './sdp/webrtc-answer.ts';

export interface MediaListenOptions {
  ip: string;
  announcedAddress?: string;
  portRange: { min: number; max: number };
}

export interface BrowserLegOptions {
  router: types.Router;
  listen: MediaListenOptions;
  offerSdp: string;
  /** Voice codecs acceptable on this call, best first (what the PBX leg allows). */
  codecPreference: readonly VoiceCodecName[];
}

/** The browser's side of a call: its WebRTC transport and the audio it sends. */
export interface BrowserLeg {
  answerSdp: string;
  chosen: ChosenAudioCodecs;
  transport: types.WebRtcTransport;
  producer: types.Producer;
  /** Closes the transport, and with it the producer (mediasoup cascades). Idempotent. */
  close(): void;
}

/**
 * Answers a browser's WebRTC audio offer with a mediasoup WebRtcTransport (ICE lite, UDP and
 * TCP candidates, DTLS-SRTP as server) and produces the browser's audio into the router.
 */
export async function openBrowserLeg({
  router,
  listen,
  offerSdp,
  codecPreference,
}: BrowserLegOptions): Promise<BrowserLeg> {
  const offer = parseBrowserAudioOffer(offerSdp);
  const chosen = chooseAudioCodec(offer.codecs, codecPreference);
  const listenInfo = {
    ip: listen.ip,
    ...(listen.announcedAddress ? { announcedAddress: listen.announcedAddress } : {}),
    portRange: listen.portRange,
  };
  const transport = await router.createWebRtcTransport({
    listenInfos: [
      { ...listenInfo, protocol: 'udp' },
      { ...listenInfo, protocol: 'tcp' },
    ],
    preferUdp: true,
  });
  try {
    // The browser offers actpass; answering passive makes it the DTLS client, us the server.
    const setup = offer.setup === 'passive' ? 'active' : 'passive';
    await transport.connect({
      dtlsParameters: {
        role: setup === 'passive' ? 'client' : 'server',
        fingerprints: [
          {
            algorithm: offer.fingerprint.algorithm as types.FingerprintAlgorithm,
            value: offer.fingerprint.value,
          },
        ],
      },
    });
    const producer = await transport.produce({
      kind: 'audio',
      rtpParameters: producerRtpParameters(offer, chosen),
    });
    const answerSdp = buildWebRtcAnswer({ offer, chosen, transport, setup });
    return { answerSdp, chosen, transport, producer, close: () => transport.close() };
  } catch (error) {
    transport.close();
    throw error;
  }
}

import type { types } from 'mediasoup';
import type { BrowserAudioOffer } from './sdp/browser-offer.ts';

export interface WebRtcListenSettings {
  listenIp: string;
  announcedAddress?: string;
  portRange: { min: number; max: number };
}

/**
 * A WebRtcTransport for a browser's offer (ICE lite, UDP with TCP as fallback for strict
 * firewalls), already told the browser's DTLS fingerprint. Returns our DTLS role for the SDP.
 */
export async function openWebRtcTransport(
  router: types.Router,
  listen: WebRtcListenSettings,
  offer: BrowserAudioOffer,
): Promise<{ transport: types.WebRtcTransport; setup: 'active' | 'passive' }> {
  const listenInfo = {
    ip: listen.listenIp,
    ...(listen.announcedAddress ? { announcedAddress: listen.announcedAddress } : {}),
    portRange: listen.portRange,
  };
  const transport = await router.createWebRtcTransport({
    listenInfos: [
      { ...listenInfo, protocol: 'udp' },
      { ...listenInfo, protocol: 'tcp' },
    ],
    preferUdp: true,
    // A browser that stops answering consent checks for this long is gone (tab closed, network lost).
    iceConsentTimeout: 10,
  });
  try {
    // Browsers offer actpass; answering passive makes the browser the DTLS client, us the server.
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
    return { transport, setup };
  } catch (error) {
    transport.close();
    throw error;
  }
}

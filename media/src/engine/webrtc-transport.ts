import type { types } from 'mediasoup';
import type { BrowserAudioOffer } from './sdp/browser-offer.ts';

export interface WebRtcListenSettings {
  listenIp: string;
  announcedAddress?: string;
  portRange: { min: number; max: number };
  /**
   * Single-port mode: every call's ICE on one UDP and one TCP port (a mediasoup
   * WebRtcServer), for firewalls that open one port rather than a range.
   */
  webRtcServer?: types.WebRtcServer;
}

/** What the transport needs of the browser's offer: its DTLS role and fingerprint. */
export type BrowserDtlsOffer = Pick<BrowserAudioOffer, 'setup' | 'fingerprint'>;

/**
 * A WebRtcTransport for a browser's offer (ICE lite, UDP with TCP as fallback for strict
 * firewalls), already told the browser's DTLS fingerprint. Returns our DTLS role for the SDP.
 * With `enableSctp` it also carries data channels (the connection test's probes).
 */
export async function openWebRtcTransport(
  router: types.Router,
  listen: WebRtcListenSettings,
  offer: BrowserDtlsOffer,
  { enableSctp = false }: { enableSctp?: boolean } = {},
): Promise<{ transport: types.WebRtcTransport; setup: 'active' | 'passive' }> {
  const listenInfo = {
    ip: listen.listenIp,
    ...(listen.announcedAddress ? { announcedAddress: listen.announcedAddress } : {}),
    portRange: listen.portRange,
  };
  const transport = await router.createWebRtcTransport({
    ...(listen.webRtcServer
      ? { webRtcServer: listen.webRtcServer }
      : {
          listenInfos: [
            { ...listenInfo, protocol: 'udp' as const },
            { ...listenInfo, protocol: 'tcp' as const },
          ],
        }),
    // UDP first; ICE over TCP is the fallback where UDP is blocked.
    enableUdp: true,
    enableTcp: true,
    preferUdp: true,
    // A browser that stops answering consent checks for this long is gone (tab closed, network lost).
    iceConsentTimeout: 10,
    ...(enableSctp ? { enableSctp: true, numSctpStreams: { OS: 16, MIS: 16 } } : {}),
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

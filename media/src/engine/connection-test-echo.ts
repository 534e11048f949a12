import type { types } from 'mediasoup';
import type {
  ConnectionTestEcho,
  ConnectionTestEndReason,
  OpenConnectionTestOptions,
} from '../media-engine.ts';
import { buildDataChannelAnswer } from './sdp/datachannel-answer.ts';
import { parseBrowserDataChannelOffer } from './sdp/datachannel-offer.ts';
import { openWebRtcTransport, type WebRtcListenSettings } from './webrtc-transport.ts';

export interface ConnectionTestSettings extends WebRtcListenSettings {
  worker: types.Worker;
}

/**
 * A connection test's far end, on the same ICE/DTLS path a call would take: a router of its
 * own, a WebRtcTransport with SCTP, a DataProducer for the browser's probe channel and a
 * DataConsumer of that same DataProducer on the same transport. The worker thus echoes every
 * probe in C++, as unordered and unretransmitted as it came, and Node never touches a probe:
 * the round trip measured is the network's, not our event loop's. Closing the router closes
 * everything in it.
 */
export async function openConnectionTestEcho(
  settings: ConnectionTestSettings,
  options: OpenConnectionTestOptions,
): Promise<ConnectionTestEcho> {
  // Parse before allocating anything: a bad offer costs the worker nothing.
  const offer = parseBrowserDataChannelOffer(options.browserOfferSdp);
  const router = await settings.worker.createRouter({});
  try {
    const { transport, setup } = await openWebRtcTransport(router, settings, offer, {
      enableSctp: true,
    });
    const unreliable = { ordered: false, maxRetransmits: 0 };
    const probes = await transport.produceData({
      sctpStreamParameters: { streamId: options.probeChannelId, ...unreliable },
      label: 'probe',
    });
    const echo = await transport.consumeData({ dataProducerId: probes.id, ...unreliable });
    const echoChannelId = echo.sctpStreamParameters?.streamId;
    if (echoChannelId === undefined) throw new Error('the echo has no SCTP stream');
    const answerSdp = buildDataChannelAnswer({ offer, transport, setup });
    return watchConnectionTest(router, transport, options, { answerSdp, echoChannelId });
  } catch (error) {
    router.close();
    throw error;
  }
}

/** Ends the test when the browser leaves, the path fails, the worker dies or time is up. */
function watchConnectionTest(
  router: types.Router,
  transport: types.WebRtcTransport,
  options: OpenConnectionTestOptions,
  answer: { answerSdp: string; echoChannelId: number },
): ConnectionTestEcho {
  let ended = false;
  const close = () => {
    ended = true;
    clearTimeout(timer);
    router.close();
  };
  const end = (reason: ConnectionTestEndReason) => {
    if (ended) return;
    close();
    options.onEnded(reason);
  };
  const timer = setTimeout(() => end('time_limit'), options.maxLifetimeMs);
  transport.on('dtlsstatechange', (state) => {
    // The browser's pc.close() sends a DTLS close_notify: the test is over.
    if (state === 'closed') end('browser_closed');
    if (state === 'failed') end('transport_failed');
  });
  transport.on('sctpstatechange', (state) => {
    if (state === 'closed') end('browser_closed');
    if (state === 'failed') end('transport_failed');
  });
  transport.on('icestatechange', (state) => {
    // ICE lite: "disconnected" means the browser stopped its consent checks (tab gone).
    if (state === 'disconnected') end('browser_closed');
  });
  // The router closes under the test when its worker dies or the gateway shuts down.
  router.observer.once('close', () => end('router_closed'));
  return { ...answer, close };
}

import type { types } from 'mediasoup';

/**
 * Calls hear the PBX only on a worker that carries our patch
 * (infra/mediasoup-worker/patches/0001-plain-transport-sip-peer.patch): mediasoup's release
 * binary, or one built elsewhere without it, would drop the PBX's RTP without a word (the
 * `acceptAnySsrc` option is simply ignored there). Only a patched worker accepts a second
 * connect() on a plain RTP transport, so that is probed once when the worker starts.
 */
export async function assertWorkerCarriesSipPeerPatch(worker: types.Worker): Promise<void> {
  const router = await worker.createRouter({ mediaCodecs: [] });
  try {
    const probe = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      comedia: false,
      acceptAnySsrc: true,
    });
    // The discard port: nothing is sent before the router closes.
    await probe.connect({ ip: '127.0.0.1', port: 9 });
    await probe.connect({ ip: '127.0.0.1', port: 9 }).catch((error: unknown) => {
      throw new Error(
        `the mediasoup worker (pid ${worker.pid}) lacks the click-to-call patch for PBX media ` +
          `(${(error as Error).message}): build it with infra/mediasoup-worker/provide-worker.sh`,
      );
    });
  } finally {
    router.close();
  }
}

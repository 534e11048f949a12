import { once } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpareCallRouter } from '../../media/src/engine/call-router.ts';

// A call's router and PBX transport were two round trips to the worker on the set-up path
// (token checked -> INVITE out): most of the gateway's added set-up time. Each worker makes one
// ahead for the next call of the same codecs; these tests hold that it is the one a call gets,
// that it is made again, and that a call of other codecs still gets a router of its own.

const pcmu: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/PCMU', clockRate: 8000, preferredPayloadType: 0 },
  { kind: 'audio', mimeType: 'audio/telephone-event', clockRate: 8000, preferredPayloadType: 126 },
];
const opus: types.RouterRtpCodecCapability[] = [
  {
    kind: 'audio',
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    preferredPayloadType: 111,
  },
];
const pbxRtp = { listenIp: '127.0.0.1', portRange: { min: 42000, max: 42999 } };

describe('the call router a worker makes ahead', () => {
  let worker: types.Worker;
  beforeAll(async () => {
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
  });
  afterAll(() => worker?.close());

  /** Resolves with the next router the worker makes (the spare, made after a take). */
  const nextRouter = () =>
    once(worker.observer, 'newrouter').then(([router]) => router as types.Router);
  const routerIds = async () => (await worker.dump()).routerIds.sort();

  it('is the one the next call of the same codecs gets, and is made again after it', async () => {
    const routers = new SpareCallRouter(worker, pbxRtp);
    const firstSpare = nextRouter().then(nextRouter); // the call's own router, then the spare
    const first = await routers.take(pcmu);
    const spare = await firstSpare;
    expect(spare.appData.spare).toBe(true);

    const secondSpare = nextRouter();
    const second = await routers.take(pcmu);
    expect(second.router.id).toBe(spare.id);
    expect(second.router.appData.spare).toBe(false);
    expect(second.pbx.address.port).toBeGreaterThanOrEqual(42000);
    const replacement = await secondSpare;
    expect(replacement.id).not.toBe(spare.id);
    expect(await routerIds()).toEqual([first.router.id, second.router.id, replacement.id].sort());
    first.router.close();
    second.router.close();
    replacement.close();
  });

  it('gives a call of other codecs a router of its own, and the spare follows the new codecs', async () => {
    const routers = new SpareCallRouter(worker, pbxRtp);
    const pcmuSpare = nextRouter().then(nextRouter);
    const pcmuCall = await routers.take(pcmu);
    const staleSpare = await pcmuSpare;

    const opusSpare = nextRouter().then(nextRouter);
    const opusCall = await routers.take(opus);
    expect(opusCall.router.id).not.toBe(staleSpare.id);
    expect(opusCall.router.rtpCapabilities.codecs?.map((codec) => codec.mimeType)).toEqual([
      'audio/opus',
    ]);
    const freshSpare = await opusSpare;
    await expect.poll(() => staleSpare.closed).toBe(true);
    expect(await routerIds()).toEqual(
      [pcmuCall.router.id, opusCall.router.id, freshSpare.id].sort(),
    );
    // The next Opus call gets the spare made for Opus.
    const next = await routers.take(opus);
    expect(next.router.id).toBe(freshSpare.id);
    for (const { router } of [pcmuCall, opusCall, next]) router.close();
  });

  it('fails a call whose worker has died, and its spare goes with the worker', async () => {
    const doomed = await mediasoup.createWorker({ logLevel: 'warn' });
    const routers = new SpareCallRouter(doomed, pbxRtp);
    const spareMade = once(doomed.observer, 'newrouter').then(() =>
      once(doomed.observer, 'newrouter'),
    );
    await routers.take(pcmu);
    const [spare] = (await spareMade) as [types.Router];
    doomed.close();
    expect(spare.closed).toBe(true);
    await expect(routers.take(pcmu)).rejects.toThrow();
  });
});

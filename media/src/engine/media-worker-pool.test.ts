import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isCallEndingError } from '../../../protocol/call-end-reason.ts';
import { deferred } from '../../../tests/support/media/call-bridge-fakes.ts';
import { FakeWorkerFactory } from '../../../tests/support/media/fake-media-workers.ts';
import type { MediaEndReason, OpenCallOptions } from '../media-engine.ts';
import { MediaWorkerPool } from './media-worker-pool.ts';

const backoff = { firstMs: 1000, maxMs: 8000, stableAfterMs: 60_000 };
const quiet = { info: () => undefined, error: () => undefined };

/** A pool of `size` fake workers, and calls on it that record how they ended. */
async function poolOf(size: number) {
  const factory = new FakeWorkerFactory();
  const pool = await MediaWorkerPool.start({
    size,
    startWorker: factory.start,
    backoff,
    logger: quiet,
  });
  const ended: Record<string, MediaEndReason[]> = {};
  const call = (callId: string) => {
    ended[callId] = [];
    const options: OpenCallOptions = {
      callId,
      browserOfferSdp: 'offer',
      trunkCodecs: ['PCMU'],
      onEnded: (reason) => ended[callId]!.push(reason),
    };
    return pool.openCall(options);
  };
  /** Which worker (by start order) each call's media was opened on. */
  const workerOf = (callId: string) =>
    factory.started.findIndex((w) => w.calls.some((c) => c.options.callId === callId));
  return { factory, pool, ended, call, workerOf };
}

describe('MediaWorkerPool: where calls go', () => {
  it('puts each new call on the least-loaded worker', async () => {
    const t = await poolOf(3);
    await t.call('a');
    await t.call('b');
    await t.call('c');
    await t.call('d');
    expect(['a', 'b', 'c', 'd'].map(t.workerOf)).toEqual([0, 1, 2, 0]);
  });

  it('counts a call until its media is closed, and connection tests too', async () => {
    const t = await poolOf(2);
    const a = await t.call('a');
    const probe = await t.pool.openConnectionTest({
      browserOfferSdp: 'offer',
      probeChannelId: 0,
      maxLifetimeMs: 10_000,
      onEnded: () => undefined,
    });
    await t.call('b'); // worker 0 has a call, worker 1 the test: a tie, the first wins
    expect(t.workerOf('b')).toBe(0);
    a.close();
    probe.close();
    await t.call('c'); // worker 0 still has b, worker 1 is empty again
    expect(t.workerOf('c')).toBe(1);
  });
});

describe('MediaWorkerPool: a worker dies', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends only its own calls, with worker_lost, and keeps serving on the others', async () => {
    const t = await poolOf(2);
    await t.call('a');
    await t.call('b');
    const [first, second] = t.factory.started;
    first!.die();
    expect(t.ended).toEqual({ a: ['worker_lost'], b: [] });
    expect(first!.calls[0]!.media.closed).toBe(1);
    expect(second!.openCalls()).toHaveLength(1);
    expect(t.pool.liveWorkers).toBe(1);
    expect(await t.pool.isHealthy()).toBe(true);
    await t.call('c');
    expect(t.workerOf('c')).toBe(1);
  });

  it('is replaced: the new worker takes calls, with a load of its own', async () => {
    const t = await poolOf(2);
    const a = await t.call('a');
    await vi.advanceTimersByTimeAsync(61_000); // a worker that ran a while
    t.factory.started[0]!.die();
    a.close(); // the bridge closes the dead call's media: the new worker's count is untouched
    await vi.advanceTimersByTimeAsync(0);
    expect(t.factory.started).toHaveLength(3);
    expect(t.pool.liveWorkers).toBe(2);
    await t.call('b');
    await t.call('c');
    expect([t.workerOf('b'), t.workerOf('c')].sort()).toEqual([1, 2]);
  });

  it('waits longer before each replacement of a worker that keeps dying young', async () => {
    const t = await poolOf(1);
    const replacedAfter: number[] = [];
    for (let round = 0; round < 4; round++) {
      const before = t.factory.started.length;
      t.factory.started.at(-1)!.die();
      const diedAt = Date.now();
      while (t.factory.started.length === before) await vi.advanceTimersByTimeAsync(100);
      replacedAfter.push(Date.now() - diedAt);
    }
    expect(replacedAfter).toEqual([1000, 2000, 4000, 8000]);
  });

  it('retries a replacement that fails to start, with the same backoff', async () => {
    const t = await poolOf(1);
    t.factory.failNext = 2;
    t.factory.started[0]!.die();
    expect(await t.pool.isHealthy()).toBe(false);
    await expect(t.call('a')).rejects.toMatchObject({ code: 'no_media_worker' });
    await vi.advanceTimersByTimeAsync(1000); // first try fails
    await vi.advanceTimersByTimeAsync(2000); // second try fails
    expect(t.factory.started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4000);
    expect(t.factory.started).toHaveLength(2);
    expect(await t.pool.isHealthy()).toBe(true);
  });

  it('fails a call whose media was opening as the worker died, telling it once', async () => {
    const t = await poolOf(1);
    const worker = t.factory.started[0]!;
    worker.holdOpens = deferred<void>();
    const opening = t.call('a'); // its media is now opening on the worker
    worker.die();
    worker.holdOpens.resolve();
    const error: unknown = await opening.catch((e: unknown) => e);
    expect(isCallEndingError(error) && error.endReason.code).toBe('media_worker_lost');
    expect(t.ended.a).toEqual(['worker_lost']);
  });

  it('replaces nothing once closed', async () => {
    const t = await poolOf(1);
    t.factory.started[0]!.die();
    t.pool.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.factory.started).toHaveLength(1);
  });
});

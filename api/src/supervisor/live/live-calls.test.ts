import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../storage/repository.ts';
import { callRecord } from '../../../../tests/support/api/call-record.ts';
import { liveCalls, type LiveCalls } from './live-calls.ts';

/** The database all instances share, as far as the live view reads it. */
function sharedDatabase() {
  const calls = new Map<string, CallRecord>();
  let loads = 0;
  return {
    calls,
    loads: () => loads,
    instance: (syncEveryMs = 20): LiveCalls =>
      liveCalls({
        loadOpenCalls: async () => {
          loads += 1;
          return [...calls.values()].filter((call) => call.status !== 'ended');
        },
        loadCall: async (id) => calls.get(id),
        syncEveryMs,
        onError: (error) => {
          throw error;
        },
      }),
  };
}

/** Resolves with the queues of the first change `live` announces for which `until` holds. */
function nextChange(live: LiveCalls, until: () => Promise<boolean>) {
  return new Promise<void>((resolve) => {
    const stop = live.watch(() => {
      void until().then((done) => {
        if (!done) return;
        stop();
        resolve();
      });
    });
  });
}

describe('live calls', () => {
  it('loads the calls still open when first asked (an API restarted mid-call shows them)', async () => {
    const db = sharedDatabase();
    db.calls.set('a', callRecord({ id: 'a', status: 'ringing' }));
    db.calls.set('b', callRecord({ id: 'b', status: 'ended' }));
    const live = db.instance();
    expect((await live.current()).map((call) => call.callId)).toEqual(['a']);
  });

  it('tells watchers of an event committed here at once, without waiting for a load', async () => {
    const db = sharedDatabase();
    const live = db.instance(60_000);
    const seen: string[][] = [];
    const stop = live.watch((queues) => seen.push(queues));
    await live.current();
    db.calls.set('a', callRecord({ id: 'a' }));
    await live.callChanged('a');
    expect(seen).toEqual([['acme/sales']]);
    stop();
  });

  it("shows another instance's calls to this instance's watchers by loading them", async () => {
    const db = sharedDatabase();
    const here = db.instance();
    const there = db.instance();
    const talking = async () =>
      (await here.current()).some((call) => call.callId === 'a' && call.phase === 'talking');
    const seen = nextChange(here, talking);
    db.calls.set('a', callRecord({ id: 'a', status: 'answered', answeredAt: new Date() }));
    await there.callChanged('a');
    await seen;
  });

  it('reads nothing while nobody watches, and stops loading when the last one leaves', async () => {
    const db = sharedDatabase();
    const live = db.instance(10);
    db.calls.set('a', callRecord({ id: 'a' }));
    await live.callChanged('a');
    expect(db.loads()).toBe(0);
    let loadsWhileWatched = 0;
    await new Promise<void>((resolve) => {
      const stop = live.watch(() => {});
      const poll = setInterval(() => {
        if (db.loads() < 3) return;
        clearInterval(poll);
        stop();
        loadsWhileWatched = db.loads();
        resolve();
      }, 5);
    });
    // Ten periods later, no load has started since.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(db.loads()).toBe(loadsWhileWatched);
  });
});

// Call events reach whichever API instance the load balancer picks, so a call's steps may
// be stored in any order (an `ended` before its `created`): the record must come out the
// same. Run on every backend; on PostgreSQL two instances (two pools) store at once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../protocol/api/call-event.ts';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import {
  useStorageBackends,
  type OpenStorage,
} from '../../../tests/support/api/storage-backends.ts';
import type { NewCall } from './repository.ts';

const backends = useStorageBackends();
const t0 = new Date('2026-11-02T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000).toISOString();

const newCall = (): NewCall => ({
  id: randomUUID(),
  siteId: 'acme',
  sessionId: 'session-1',
  queue: 'support-en',
  queueDisplayName: 'English Technical Support',
  routing: { intent: 'support', language: 'en', country: 'US' },
  createdAt: t0,
  tokenExpiresAt: new Date(t0.getTime() + 120_000),
});

/** The four steps media reports for an answered call. */
function lifeOf(call: NewCall): CallEvent[] {
  const base = (seconds: number) => ({ eventId: randomUUID(), callId: call.id, at: at(seconds) });
  return [
    createdEvent(call),
    { ...base(2), type: 'ringing' },
    { ...base(5), type: 'answered', codec: 'opus', agentName: 'Gloria Mcgee' },
    { ...base(65), type: 'ended', reason: 'agent_hung_up', durationS: 60, sipStatus: 200 },
  ];
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe.each(backends)('call events in any order on %s', (_name, open) => {
  let storage: OpenStorage;
  beforeAll(async () => {
    storage = await open();
  }, 60_000);
  afterAll(() => storage?.close());

  it('makes the same record from every order of the four steps', async () => {
    const { repo, other } = storage;
    const orders = permutations([0, 1, 2, 3]);
    const records = await Promise.all(
      orders.map(async (order, n) => {
        const call = newCall();
        const events = lifeOf(call);
        // Alternate instances, as a load balancer would.
        for (const [step, index] of order.entries()) {
          await ((n + step) % 2 ? other : repo).recordEvent(events[index]!, t0);
        }
        const record = await repo.getCall(call.id);
        return { ...record, id: undefined };
      }),
    );
    expect(records[0]).toMatchObject({
      status: 'ended',
      ringingAt: new Date(at(2)),
      answeredAt: new Date(at(5)),
      endedAt: new Date(at(65)),
      codec: 'opus',
      agentName: 'Gloria Mcgee',
      endReason: 'agent_hung_up',
      durationS: 60,
      sipStatus: 200,
    });
    for (const record of records) expect(record).toEqual(records[0]);
  });

  it('holds an event until its call is created, once, and counts a retry as a duplicate', async () => {
    const { repo, other } = storage;
    const call = newCall();
    const [created, , , ended] = lifeOf(call);
    expect(await repo.recordEvent(ended!, t0)).toBe('held');
    expect(await other.recordEvent(ended!, t0)).toBe('duplicate');
    expect(await repo.getCall(call.id)).toBeUndefined();
    expect(await other.recordEvent(created!, t0)).toBe('applied');
    expect(await repo.getCall(call.id)).toMatchObject({ status: 'ended', durationS: 60 });
    expect(await repo.recordEvent(ended!, t0)).toBe('duplicate');
    expect(await repo.recordEvent(created!, t0)).toBe('duplicate');
  });

  it('keeps the earliest of two reports of one step, whichever arrives first', async () => {
    const { repo, other } = storage;
    for (const firstArrives of ['early', 'late'] as const) {
      const call = newCall();
      await repo.recordEvent(createdEvent(call), t0);
      const report = (seconds: number, reason: 'agent_hung_up' | 'media_failed') => ({
        eventId: randomUUID(),
        callId: call.id,
        at: at(seconds),
        type: 'ended' as const,
        reason,
        durationS: 0,
      });
      const early = report(10, 'media_failed');
      const late = report(30, 'agent_hung_up');
      const [first, second] = firstArrives === 'early' ? [early, late] : [late, early];
      expect(await repo.recordEvent(first, t0)).toBe('applied');
      expect(await other.recordEvent(second, t0)).toBe('applied');
      expect(await repo.getCall(call.id), firstArrives).toMatchObject({
        endedAt: new Date(at(10)),
        endReason: 'media_failed',
      });
    }
  });

  it('applies an event that arrives while its created is being stored at another instance', async () => {
    const { repo, other } = storage;
    const calls = Array.from({ length: 20 }, newCall);
    await Promise.all(
      calls.flatMap((call) => {
        const [created, , , ended] = lifeOf(call);
        return [repo.recordEvent(created!, t0), other.recordEvent(ended!, t0)];
      }),
    );
    for (const call of calls) {
      expect((await repo.getCall(call.id))?.status, call.id).toBe('ended');
    }
  });

  it('forgets held events whose call never came', async () => {
    const { repo } = storage;
    const call = newCall();
    const [created, ringing] = lifeOf(call);
    expect(await repo.recordEvent(ringing!, t0)).toBe('held');
    await repo.forgetEarlyEvents(new Date(t0.getTime() + 1));
    expect(await repo.recordEvent(created!, t0)).toBe('applied');
    expect(await repo.getCall(call.id)).toMatchObject({ status: 'created', ringingAt: undefined });
  });
});

// The supervisors' calls list query on every backend: each call once, newest first, with its
// rating and newest callback request, narrowed by dates, queue, end, answer, rating and
// search, a page at a time.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../protocol/api/call-event.ts';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import {
  useOpenedStorage,
  useStorageBackends,
} from '../../../tests/support/api/storage-backends.ts';
import { newCall, newCallbackRequest } from '../../../tests/support/api/new-call-records.ts';
import type { Repository } from './repository.ts';
import type { CallReviewFilter } from './sql-call-review.ts';

const backends = useStorageBackends();
const t0 = new Date('2026-11-02T15:00:00Z');
const at = (hours: number, seconds = 0) =>
  new Date(t0.getTime() + hours * 3600_000 + seconds * 1000);

type Step = { s: number } & (
  | { type: 'ringing' }
  | { type: 'answered'; agentName: string }
  | {
      type: 'ended';
      reason: 'visitor_hung_up' | 'no_agent' | 'agent_lost';
      durationS: number;
      quality?: Extract<CallEvent, { type: 'ended' }>['quality'];
    }
);

/** A call made at `madeAt` in `queue`, then each step `s` seconds after. */
async function call(repo: Repository, madeAt: Date, queue: string, steps: Step[]) {
  const made = newCall(madeAt, {
    queue,
    queueDisplayName: queue,
    connectionTest: { verdict: 'good', rttMs: 21, jitterMs: 1.5, lossPct: 0 },
  });
  await repo.recordEvent(createdEvent(made), madeAt);
  for (const { s, ...step } of steps) {
    const when = new Date(madeAt.getTime() + s * 1000);
    const event = { eventId: randomUUID(), callId: made.id, at: when.toISOString() };
    const body = step.type === 'answered' ? { ...step, codec: 'opus' } : step;
    await repo.recordEvent({ ...event, ...body } as CallEvent, when);
  }
  return made.id;
}

async function callback(repo: Repository, callId: string, createdAt: Date) {
  const request = newCallbackRequest(createdAt, { phone: '+12125550199', callId });
  await repo.insertCallbackRequest(request);
  return request.id;
}

describe.each(backends)('the calls list on %s', (_name, open) => {
  const storage = useOpenedStorage(open);
  let talked: string;
  let ratingId: string;
  let talkedCallback: string;
  let unanswered: string;
  let waiting: string;
  let cutOff: string;
  let newestCallback: string;
  beforeAll(async () => {
    const { repo } = storage;
    const quality = { mos: 4.2, lossPct: 0.5, jitterMs: 3.1, rttMs: 40 };
    talked = await call(repo, at(0), 'support-en', [
      { s: 5, type: 'ringing' },
      { s: 20, type: 'answered', agentName: 'Gloria Mcgee' },
      { s: 115, type: 'ended', reason: 'visitor_hung_up', durationS: 95, quality },
    ]);
    ratingId = randomUUID();
    await repo.insertRating({
      id: ratingId,
      siteId: 'acme',
      callId: talked,
      stars: 4,
      comment: '',
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      createdAt: at(0, 120),
    });
    talkedCallback = await callback(repo, talked, at(0, 130));
    unanswered = await call(repo, at(1), 'sales-en', [
      { s: 3, type: 'ringing' },
      { s: 33, type: 'ended', reason: 'no_agent', durationS: 0 },
    ]);
    waiting = await call(repo, at(2), 'sales-en', [{ s: 4, type: 'ringing' }]);
    cutOff = await call(repo, at(3), 'support-en', [
      { s: 10, type: 'answered', agentName: 'Rui Costa' },
      { s: 70, type: 'ended', reason: 'agent_lost', durationS: 60 },
    ]);
    await callback(repo, cutOff, at(3, 80));
    newestCallback = await callback(repo, cutOff, at(3, 90));
  }, 60_000);

  const ids = async (filter: CallReviewFilter = {}) =>
    (await storage.repo.reviewCalls(filter)).map((row) => row.id);

  it('lists each call once, newest first, with its timings, rating and newest callback', async () => {
    const rows = await storage.repo.reviewCalls({});
    expect(rows.map((row) => row.id)).toEqual([cutOff, waiting, unanswered, talked]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(talked)).toMatchObject({
      queue: 'support-en',
      status: 'ended',
      createdAt: at(0),
      answeredAt: at(0, 20),
      endedAt: at(0, 115),
      durationS: 95,
      endReason: 'visitor_hung_up',
      agentName: 'Gloria Mcgee',
      connectionTest: { verdict: 'good', rttMs: 21 },
      quality: { mos: 4.2, lossPct: 0.5, jitterMs: 3.1, rttMs: 40 },
      rating: { id: ratingId, stars: 4, createdAt: at(0, 120) },
      callback: { id: talkedCallback, status: 'new', createdAt: at(0, 130) },
    });
    expect(byId.get(unanswered)).toMatchObject({ endReason: 'no_agent', endedAt: at(1, 33) });
    expect(byId.get(unanswered)?.answeredAt).toBeUndefined();
    expect(byId.get(unanswered)?.rating).toBeUndefined();
    expect(byId.get(unanswered)?.callback).toBeUndefined();
    expect(byId.get(waiting)).toMatchObject({ status: 'ringing' });
    expect(byId.get(waiting)?.endedAt).toBeUndefined();
    // Two requests after the cut-off call: the newest stands for them.
    expect(byId.get(cutOff)?.callback?.id).toBe(newestCallback);
  });

  it('narrows by dates, queue, end reason, answer and rating', async () => {
    expect(await ids({ from: at(1), to: at(3) })).toEqual([waiting, unanswered]);
    expect(await ids({ queue: 'sales-en' })).toEqual([waiting, unanswered]);
    expect(await ids({ endReason: 'agent_lost' })).toEqual([cutOff]);
    expect(await ids({ answered: false })).toEqual([waiting, unanswered]);
    expect(await ids({ answered: true })).toEqual([cutOff, talked]);
    expect(await ids({ rated: true })).toEqual([talked]);
    expect(await ids({ rated: false, queue: 'support-en' })).toEqual([cutOff]);
    // A supervisor's sites: theirs among others, or none of theirs, or none at all.
    expect(await ids({ siteIds: ['other', 'acme'] })).toEqual([
      cutOff,
      waiting,
      unanswered,
      talked,
    ]);
    expect(await ids({ siteIds: ['other'] })).toEqual([]);
    expect(await ids({ siteIds: [] })).toEqual([]);
  });

  it('searches by the start of the call id or part of the agent name', async () => {
    expect(await ids({ search: { callIdPrefix: unanswered.slice(0, 8) } })).toEqual([unanswered]);
    expect(await ids({ search: { agentName: 'gloria' } })).toEqual([talked]);
    // Either term finds a call.
    expect(
      await ids({ search: { callIdPrefix: waiting.slice(0, 13), agentName: 'COSTA' } }),
    ).toEqual([cutOff, waiting]);
    expect(await ids({ search: { agentName: 'nobody' } })).toEqual([]);
  });

  it('pages with limit and offset', async () => {
    expect(await ids({ limit: 2 })).toEqual([cutOff, waiting]);
    expect(await ids({ limit: 2, offset: 2 })).toEqual([unanswered, talked]);
    expect(await ids({ limit: 2, offset: 4 })).toEqual([]);
  });
});

// The supervisors' callback worklist query on every backend: each request with its linked
// call's end and rating, narrowed by status, queue, dates and search, newest or oldest first.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallEndCode } from '../../../protocol/call-end-reason.ts';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import {
  useOpenedStorage,
  useStorageBackends,
} from '../../../tests/support/api/storage-backends.ts';
import { newCall, newCallbackRequest } from '../../../tests/support/api/new-call-records.ts';
import type { Repository } from './repository.ts';

const backends = useStorageBackends();
const t0 = new Date('2026-11-02T15:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3600_000);

/** A call answered and ended for `reason` at `madeAt`. */
async function endedCall(repo: Repository, madeAt: Date, reason: CallEndCode): Promise<string> {
  const call = newCall(madeAt);
  const event = { callId: call.id, at: madeAt.toISOString() };
  await repo.recordEvent(createdEvent(call), madeAt);
  await repo.recordEvent(
    { ...event, eventId: randomUUID(), type: 'answered', codec: 'opus' },
    madeAt,
  );
  await repo.recordEvent(
    { ...event, eventId: randomUUID(), type: 'ended', reason, durationS: 30 },
    madeAt,
  );
  return call.id;
}

async function callback(
  repo: Repository,
  createdAt: Date,
  phone: string,
  options: { queue?: string | null; callId?: string } = {},
): Promise<string> {
  const request = newCallbackRequest(createdAt, {
    phone,
    queue: options.queue === undefined ? 'sales-en' : options.queue,
    routing: { intent: 'sales', language: 'en', country: 'US' },
    ...(options.callId && { callId: options.callId }),
  });
  await repo.insertCallbackRequest(request);
  return request.id;
}

describe.each(backends)('the callback worklist on %s', (_name, open) => {
  const storage = useOpenedStorage(open);
  let rated: { id: string; callId: string; ratingId: string };
  let cutOff: { id: string; callId: string };
  let plain: string;
  let noQueue: string;
  beforeAll(async () => {
    const { repo } = storage;
    const ratedCall = await endedCall(repo, at(0), 'visitor_hung_up');
    const ratingId = randomUUID();
    await repo.insertRating({
      id: ratingId,
      siteId: 'acme',
      callId: ratedCall,
      stars: 1,
      comment: '',
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      createdAt: at(0),
    });
    rated = {
      id: await callback(repo, at(1), '+442079460018', { callId: ratedCall }),
      callId: ratedCall,
      ratingId,
    };
    const lostCall = await endedCall(repo, at(2), 'agent_lost');
    cutOff = {
      id: await callback(repo, at(3), '+12125550199', { callId: lostCall }),
      callId: lostCall,
    };
    plain = await callback(repo, at(4), '+17139293714');
    noQueue = await callback(repo, at(5), '+13125550142', { queue: null });
    await repo.setCallbackStatus(plain, 'done', 'sam', at(6));
  }, 60_000);

  const ids = async (filter: Partial<Parameters<Repository['reviewCallbacks']>[0]> = {}) =>
    (await storage.repo.reviewCallbacks({ order: 'newest', ...filter })).map((row) => row.id);

  it("returns each request once, with its call's end and its rating", async () => {
    const rows = await storage.repo.reviewCallbacks({ order: 'newest' });
    expect(rows.map((row) => row.id)).toEqual([noQueue, plain, cutOff.id, rated.id]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(rated.id)).toMatchObject({
      callId: rated.callId,
      call: { status: 'ended', answered: true, endReason: 'visitor_hung_up' },
      rating: { id: rated.ratingId, stars: 1, createdAt: at(0) },
    });
    expect(byId.get(cutOff.id)).toMatchObject({
      call: { status: 'ended', answered: true, endReason: 'agent_lost' },
    });
    expect(byId.get(cutOff.id)?.rating).toBeUndefined();
    expect(byId.get(plain)).toMatchObject({ status: 'done', statusBy: 'sam', queue: 'sales-en' });
    expect(byId.get(plain)?.call).toBeUndefined();
    expect(byId.get(noQueue)?.queue).toBeNull();
  });

  it('narrows by status, queue and time, and sorts oldest first', async () => {
    expect(await ids({ order: 'oldest' })).toEqual([rated.id, cutOff.id, plain, noQueue]);
    expect(await ids({ status: 'done' })).toEqual([plain]);
    expect(await ids({ status: 'new', queue: 'sales-en' })).toEqual([cutOff.id, rated.id]);
    expect(await ids({ from: at(3), to: at(5) })).toEqual([plain, cutOff.id]);
    expect(await ids({ limit: 1, order: 'oldest' })).toEqual([rated.id]);
    // A supervisor's sites, in the query.
    expect(await ids({ siteIds: ['beta', 'acme'], status: 'done' })).toEqual([plain]);
    expect(await ids({ siteIds: ['beta'] })).toEqual([]);
    expect(await ids({ siteIds: [] })).toEqual([]);
  });

  it('searches by digits of the number or the start of the call id', async () => {
    expect(await ids({ search: { phoneDigits: '2079460' } })).toEqual([rated.id]);
    expect(await ids({ search: { callIdPrefix: cutOff.callId.slice(0, 8) } })).toEqual([cutOff.id]);
    // Either term finds a request: a number's digits, or a call id that starts so.
    expect(
      await ids({ search: { phoneDigits: '7139293714', callIdPrefix: rated.callId.slice(0, 13) } }),
    ).toEqual([plain, rated.id]);
    expect(await ids({ search: { phoneDigits: '999999' } })).toEqual([]);
  });
});

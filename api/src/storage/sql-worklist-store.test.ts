// The worklist's store on every backend: calls the visitor abandoned before an answer are
// entries until the visitor leaves a number for one (then the callback request is the entry),
// filtered as the requests are; taking an entry, its status and notes are stored, and erased
// with the rest past retention.
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
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

/** A call made at `madeAt` that ended `waitS` later for `reason`, answered or not. */
async function endedCall(
  repo: Repository,
  madeAt: Date,
  {
    reason,
    answered = false,
    waitS = 20,
    siteId = 'acme',
    queue = 'support-en',
  }: {
    reason: CallEndCode;
    answered?: boolean;
    waitS?: number;
    siteId?: string;
    queue?: string;
  },
): Promise<string> {
  const call = newCall(madeAt, { siteId, queue });
  const endedAt = new Date(madeAt.getTime() + waitS * 1000);
  const event = { callId: call.id, at: endedAt.toISOString() };
  await repo.recordEvent(createdEvent(call), madeAt);
  await repo.recordEvent({ ...event, eventId: randomUUID(), type: 'ringing' }, madeAt);
  if (answered)
    await repo.recordEvent(
      { ...event, eventId: randomUUID(), type: 'answered', codec: 'opus' },
      endedAt,
    );
  await repo.recordEvent(
    { ...event, eventId: randomUUID(), type: 'ended', reason, durationS: answered ? 30 : 0 },
    endedAt,
  );
  return call.id;
}

async function callbackFor(repo: Repository, callId: string, createdAt: Date): Promise<string> {
  const request = newCallbackRequest(createdAt, { callId });
  await repo.insertCallbackRequest(request);
  return request.id;
}

describe.each(backends)('the worklist on %s', (_name, open) => {
  const storage = useOpenedStorage(open);
  let repo: Repository;
  let leftEarly: string;
  let leftLate: string;
  let leftWithNumber: { callId: string; callbackId: string };
  let otherSite: string;
  beforeAll(async () => {
    repo = storage.repo;
    leftEarly = await endedCall(repo, at(0), { reason: 'visitor_hung_up', waitS: 12 });
    // Not abandoned: answered, or ended by the contact center's side.
    await endedCall(repo, at(1), { reason: 'visitor_hung_up', answered: true });
    await endedCall(repo, at(2), { reason: 'no_agent' });
    await endedCall(repo, at(3), { reason: 'busy' });
    const withNumber = await endedCall(repo, at(4), { reason: 'visitor_hung_up', waitS: 40 });
    leftWithNumber = {
      callId: withNumber,
      callbackId: await callbackFor(repo, withNumber, at(5)),
    };
    leftLate = await endedCall(repo, at(6), {
      reason: 'visitor_hung_up',
      waitS: 75,
      queue: 'sales-en',
    });
    otherSite = await endedCall(repo, at(9), { reason: 'visitor_hung_up', siteId: 'beta' });
  }, 60_000);

  const abandonedIds = async (
    filter: Partial<Parameters<Repository['reviewAbandonedCalls']>[0]> = {},
  ) => (await repo.reviewAbandonedCalls({ order: 'newest', ...filter })).map((r) => r.callId);

  it('lists the calls the visitor left before an answer, without those they left a number for', async () => {
    expect(await abandonedIds()).toEqual([otherSite, leftLate, leftEarly]);
    const [, late, early] = await repo.reviewAbandonedCalls({ order: 'newest' });
    expect(early).toMatchObject({
      siteId: 'acme',
      queue: 'support-en',
      queueDisplayName: 'English Technical Support',
      routing: { intent: 'support', language: 'en', country: 'US' },
      createdAt: at(0),
      waitS: 12,
      status: 'new',
    });
    expect(early?.assignee).toBeUndefined();
    expect(late).toMatchObject({ queue: 'sales-en', waitS: 75 });
    // The one the visitor left a number for is its callback request, with the call's wait.
    const [request] = await repo.reviewCallbacks({
      order: 'newest',
      search: { callIdPrefix: leftWithNumber.callId },
    });
    expect(request).toMatchObject({
      id: leftWithNumber.callbackId,
      phone: '+17139293714',
      call: { status: 'ended', answered: false, endReason: 'visitor_hung_up', waitS: 40 },
    });
  });

  it('narrows as the callback requests are narrowed', async () => {
    expect(await abandonedIds({ order: 'oldest' })).toEqual([leftEarly, leftLate, otherSite]);
    expect(await abandonedIds({ siteIds: ['acme'] })).toEqual([leftLate, leftEarly]);
    expect(await abandonedIds({ siteIds: [] })).toEqual([]);
    expect(await abandonedIds({ queue: 'sales-en' })).toEqual([leftLate]);
    // By when the visitor hung up.
    expect(await abandonedIds({ from: at(1), to: at(8) })).toEqual([leftLate]);
    expect(await abandonedIds({ search: { callIdPrefix: leftEarly.slice(0, 8) } })).toEqual([
      leftEarly,
    ]);
    // No number to match: digits alone find no abandoned call.
    expect(await abandonedIds({ search: { phoneDigits: '7139' } })).toEqual([]);
  });

  it('takes an entry, sets its status and notes, for either kind', async () => {
    const entry = { kind: 'abandoned', id: leftEarly } as const;
    expect(await repo.workEntrySite(entry)).toBe('acme');
    expect(await repo.changeWorkEntry(entry, { action: 'take' }, 'sam', at(10))).toBe(true);
    expect(
      await repo.changeWorkEntry(entry, { action: 'status', status: 'unreachable' }, 'sam', at(11)),
    ).toBe(true);
    expect(
      await repo.changeWorkEntry(
        entry,
        { action: 'notes', notes: 'no answer twice' },
        'sam',
        at(12),
      ),
    ).toBe(true);
    expect(await abandonedIds({ status: 'unreachable' })).toEqual([leftEarly]);
    expect(await abandonedIds({ status: 'new', siteIds: ['acme'] })).toEqual([leftLate]);
    const [row] = await repo.reviewAbandonedCalls({ order: 'newest', status: 'unreachable' });
    expect(row).toMatchObject({
      assignee: 'sam',
      status: 'unreachable',
      statusBy: 'sam',
      statusAt: at(11),
      notes: 'no answer twice',
    });
    // Emptied notes are none.
    await repo.changeWorkEntry(entry, { action: 'notes', notes: '' }, 'sam', at(13));
    expect(
      (await repo.reviewAbandonedCalls({ order: 'newest', status: 'unreachable' }))[0]?.notes,
    ).toBeUndefined();

    const request = { kind: 'callback', id: leftWithNumber.callbackId } as const;
    expect(await repo.workEntrySite(request)).toBe('acme');
    expect(await repo.changeWorkEntry(request, { action: 'take' }, 'kim', at(14))).toBe(true);
    expect(
      await repo.changeWorkEntry(request, { action: 'status', status: 'done' }, 'kim', at(15)),
    ).toBe(true);
    const [taken] = await repo.reviewCallbacks({ order: 'newest', status: 'done' });
    expect(taken).toMatchObject({ id: request.id, assignee: 'kim', statusBy: 'kim' });
  });

  it('has no entry for a call that was not abandoned, or does not exist', async () => {
    const answered = await endedCall(repo, at(20), { reason: 'visitor_hung_up', answered: true });
    for (const id of [answered, randomUUID()]) {
      const entry = { kind: 'abandoned', id } as const;
      expect(await repo.workEntrySite(entry)).toBeUndefined();
      expect(await repo.changeWorkEntry(entry, { action: 'take' }, 'sam', at(21))).toBe(false);
    }
    const missing = { kind: 'callback', id: randomUUID() } as const;
    expect(await repo.workEntrySite(missing)).toBeUndefined();
    expect(await repo.changeWorkEntry(missing, { action: 'take' }, 'sam', at(21))).toBe(false);
  });

  it('erases who worked an entry and its notes past retention, and then keeps it as it was', async () => {
    const entry = { kind: 'abandoned', id: leftLate } as const;
    await repo.changeWorkEntry(entry, { action: 'take' }, 'sam', at(30));
    await repo.changeWorkEntry(entry, { action: 'notes', notes: 'asked for Ana' }, 'sam', at(30));
    await repo.changeWorkEntry(entry, { action: 'status', status: 'in_progress' }, 'sam', at(30));
    await repo.erasePersonalData(at(100), at(100));
    const [row] = await repo.reviewAbandonedCalls({ order: 'newest', queue: 'sales-en' });
    expect(row).toMatchObject({ callId: leftLate, status: 'in_progress' });
    expect(row?.personalDataErasedAt).toEqual(at(100));
    expect([row?.assignee, row?.notes, row?.statusBy]).toEqual([undefined, undefined, undefined]);
    expect(await repo.changeWorkEntry(entry, { action: 'take' }, 'kim', at(101))).toBe(false);
    const [request] = await repo.reviewCallbacks({
      order: 'newest',
      search: { callIdPrefix: leftWithNumber.callId },
    });
    expect([request?.assignee, request?.notes]).toEqual([undefined, undefined]);
  });
});

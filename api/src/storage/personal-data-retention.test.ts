// Personal data past API_RETENTION_DAYS is erased by the API's own sweeps, on every backend:
// rows older than the limit lose their personal fields, younger ones keep them, and what
// supervisors count stays. On PostgreSQL two API instances erase at once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import {
  useStorageBackends,
  type OpenStorage,
} from '../../../tests/support/api/storage-backends.ts';
import { startExpirySweeps } from './expiry-sweeps.ts';
import { erasePersonalData } from './personal-data-retention.ts';
import type { ErasedPersonalData, NewCall, Repository } from './repository.ts';

const backends = useStorageBackends();
const dayMs = 24 * 3600_000;
const t0 = new Date('2026-11-02T10:00:00Z');
// 90 days and an hour after t0: a row made at t0 is past a 90-day retention, one made two
// hours later is not yet.
const now = new Date(t0.getTime() + 90 * dayMs + 3600_000);
const later = (ms: number) => new Date(t0.getTime() + ms);

interface Visit {
  callId: string;
  doneCallbackId: string;
  openCallbackId: string;
}

/** A visitor's answered, rated call, a callback handled after it and one nobody handled. */
async function visit(repo: Repository, siteId: string, madeAt: Date): Promise<Visit> {
  const call: NewCall = {
    id: randomUUID(),
    siteId,
    sessionId: randomUUID(),
    queue: 'support-en',
    queueDisplayName: 'English Technical Support',
    routing: { intent: 'support', language: 'en', country: 'US' },
    createdAt: madeAt,
    tokenExpiresAt: new Date(madeAt.getTime() + 120_000),
  };
  const at = (seconds: number) => new Date(madeAt.getTime() + seconds * 1000).toISOString();
  const event = { callId: call.id, at: at(5) };
  await repo.recordEvent(createdEvent(call), madeAt);
  await repo.recordEvent(
    { ...event, eventId: randomUUID(), type: 'answered', codec: 'opus', agentName: 'Gloria Mcgee' },
    madeAt,
  );
  await repo.recordEvent(
    {
      ...event,
      eventId: randomUUID(),
      at: at(65),
      type: 'ended',
      reason: 'agent_hung_up',
      durationS: 60,
    },
    madeAt,
  );
  await repo.insertRating({
    id: randomUUID(),
    siteId,
    callId: call.id,
    stars: 2,
    comment: 'Gloria could not find my order 4711',
    idempotencyKey: randomUUID(),
    requestHash: 'h',
    createdAt: madeAt,
  });
  const callback = (phone: string) => ({
    id: randomUUID(),
    siteId,
    idempotencyKey: randomUUID(),
    requestHash: 'h',
    phone,
    queue: 'support-en',
    routing: call.routing,
    windowFrom: new Date(madeAt.getTime() + 3600_000),
    windowTo: new Date(madeAt.getTime() + 7200_000),
    consentAt: madeAt,
    callId: call.id,
    createdAt: madeAt,
  });
  const done = callback('+17139293714');
  const open = callback('+17135550142');
  await repo.insertCallbackRequest(done);
  await repo.insertCallbackRequest(open);
  expect(await repo.setCallbackStatus(done.id, 'done', 'sam', new Date(at(600)))).toBe(true);
  return { callId: call.id, doneCallbackId: done.id, openCallbackId: open.id };
}

describe.each(backends)('personal data retention on %s', (_name, open) => {
  let storage: OpenStorage;
  beforeAll(async () => {
    storage = await open();
  }, 60_000);
  afterAll(() => storage?.close());

  const answeredBodies = async (callId: string) =>
    (
      await storage.db.query<{ body: Record<string, unknown> }>(
        "select body from call_events where call_id = $1 and type = 'answered'",
        [callId],
      )
    ).rows.map((row) => row.body);
  const callbacksById = async (repo: Repository, siteId: string) =>
    new Map((await repo.listCallbackRequests({ siteId })).map((row) => [row.id, row]));

  it('erases what is past retention at start-up, keeps what is younger and every count', async () => {
    const { repo } = storage;
    const site = 'retention';
    const old = await visit(repo, site, t0);
    const young = await visit(repo, site, later(2 * 3600_000));
    const summary = await repo.queueSummary({ siteId: site });
    const erasures: ErasedPersonalData[] = [];
    const errors: unknown[] = [];
    const stop = startExpirySweeps(repo, {
      now: () => now,
      retentionDays: 90,
      everyMs: 3_600_000,
      onErased: (erased) => erasures.push(erased),
      onError: (error) => errors.push(error),
    });
    try {
      // The sweep at start does it: the next is an hour away.
      await expect.poll(() => erasures, { timeout: 10_000 }).toHaveLength(1);
    } finally {
      stop();
    }
    expect(errors).toEqual([]);
    expect(erasures).toEqual([{ calls: 1, ratings: 1, callbacks: 2, openCallbacks: 1 }]);

    expect(await repo.getCall(old.callId)).toMatchObject({
      agentName: undefined,
      status: 'ended',
      codec: 'opus',
      answeredAt: new Date(t0.getTime() + 5000),
      durationS: 60,
      endReason: 'agent_hung_up',
    });
    const [oldAnswer] = await answeredBodies(old.callId);
    expect(oldAnswer).toMatchObject({ type: 'answered', codec: 'opus' });
    expect(oldAnswer).not.toHaveProperty('agentName');
    expect(await repo.getCall(young.callId)).toMatchObject({ agentName: 'Gloria Mcgee' });
    expect(await answeredBodies(young.callId)).toEqual([
      expect.objectContaining({ agentName: 'Gloria Mcgee' }),
    ]);

    const ratings = new Map((await repo.listRatings({ siteId: site })).map((r) => [r.callId, r]));
    expect(ratings.get(old.callId)).toMatchObject({
      stars: 2,
      comment: '',
      personalDataErasedAt: now,
    });
    expect(ratings.get(young.callId)).toMatchObject({
      stars: 2,
      comment: 'Gloria could not find my order 4711',
      personalDataErasedAt: undefined,
    });
    // Filters supervisors use still find the erased rating by its facts.
    expect(await repo.listRatings({ siteId: site, stars: [2], queue: 'support-en' })).toHaveLength(
      2,
    );
    expect(await repo.queueSummary({ siteId: site })).toEqual(summary);

    const callbacks = await callbacksById(repo, site);
    expect(callbacks.get(old.doneCallbackId)).toMatchObject({
      phone: undefined,
      windowFrom: undefined,
      windowTo: undefined,
      statusBy: undefined,
      status: 'done',
      statusAt: new Date(t0.getTime() + 600_000),
      queue: 'support-en',
      routing: { intent: 'support', language: 'en', country: 'US' },
      consentAt: t0,
      callId: old.callId,
      personalDataErasedAt: now,
    });
    expect(callbacks.get(old.openCallbackId)).toMatchObject({ phone: undefined, status: 'new' });
    expect(callbacks.get(young.doneCallbackId)).toMatchObject({
      phone: '+17139293714',
      statusBy: 'sam',
      windowFrom: later(3 * 3600_000),
      personalDataErasedAt: undefined,
    });
    expect(callbacks.get(young.openCallbackId)).toMatchObject({ phone: '+17135550142' });
    // An erased request's status stays as it was, and no name is written back onto it.
    expect(await repo.setCallbackStatus(old.openCallbackId, 'done', 'sam', now)).toBe(false);
    expect((await callbacksById(repo, site)).get(old.openCallbackId)).toMatchObject({
      status: 'new',
      statusBy: undefined,
    });
    // Nothing is done twice.
    expect(await repo.erasePersonalData(new Date(now.getTime() - 90 * dayMs), now)).toEqual({
      calls: 0,
      ratings: 0,
      callbacks: 0,
      openCallbacks: 0,
    });
  });

  it('lets two API instances erase the same rows at once, each row once', async () => {
    const { repo, other } = storage;
    const site = 'retention-twice';
    // Past an hour: the rows the test before kept (two hours after t0) stay out of it.
    const cutoff = later(3600_000);
    await Promise.all(Array.from({ length: 30 }, () => visit(repo, site, t0)));
    const [a, b] = await Promise.all([
      repo.erasePersonalData(cutoff, now),
      other.erasePersonalData(cutoff, now),
    ]);
    expect({
      calls: a.calls + b.calls,
      ratings: a.ratings + b.ratings,
      callbacks: a.callbacks + b.callbacks,
      openCallbacks: a.openCallbacks + b.openCallbacks,
    }).toEqual({ calls: 30, ratings: 30, callbacks: 60, openCallbacks: 30 });
    const rows = await repo.listCallbackRequests({ siteId: site });
    expect(rows.filter((row) => row.phone !== undefined)).toEqual([]);
  });

  it('clears a backlog larger than one batch', async () => {
    const { repo, db } = storage;
    const site = 'retention-backlog';
    await Promise.all(Array.from({ length: 9 }, () => visit(repo, site, t0)));
    // Rows the tests before erased are not taken again: these 9 go in batches of 4.
    expect(await erasePersonalData(db, later(3600_000), now, 4)).toEqual({
      calls: 9,
      ratings: 9,
      callbacks: 18,
      openCallbacks: 9,
    });
    const ratings = await repo.listRatings({ siteId: site });
    expect(ratings.map((rating) => rating.comment)).toEqual(Array(9).fill(''));
  });
});

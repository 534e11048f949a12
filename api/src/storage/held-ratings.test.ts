// A rating held for a call whose reports are late, and the reports landing, may reach two API
// instances at the same moment: whichever goes first, the rating ends up stored exactly once
// for an answered call and nowhere for an unanswered one. Run on every backend; on
// PostgreSQL the rating and the events go through two pools at once.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../protocol/api/call-event.ts';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import {
  useOpenedStorage,
  useStorageBackends,
} from '../../../tests/support/api/storage-backends.ts';
import { newCall } from '../../../tests/support/api/new-call-records.ts';
import type { NewCall, NewHeldRating, Repository } from './repository.ts';
import type { SqlClient } from './sql-client.ts';
import { sqlRepository } from './sql-repository.ts';

const backends = useStorageBackends();
const t0 = new Date('2026-11-02T10:00:00Z');

const heldRating = (call: NewCall, stars: number): NewHeldRating => ({
  id: randomUUID(),
  siteId: call.siteId,
  sessionId: call.sessionId,
  callId: call.id,
  stars,
  comment: `${stars} stars`,
  idempotencyKey: randomUUID(),
  requestHash: randomUUID(),
  createdAt: t0,
});

/** Media's reports of a call, answered or not. */
function reportsOf(call: NewCall, answered: boolean): CallEvent[] {
  const base = () => ({ eventId: randomUUID(), callId: call.id, at: t0.toISOString() });
  return [
    createdEvent(call),
    ...(answered ? [{ ...base(), type: 'answered' as const, codec: 'opus' }] : []),
    { ...base(), type: 'ended', reason: 'visitor_hung_up', durationS: answered ? 30 : 0 },
  ];
}

/** The rating, held or settled at once, whatever it met: decided on the call's record. */
async function rateLikeTheApi(repo: Repository, rating: NewHeldRating): Promise<void> {
  const outcome = await repo.holdRating(rating, 3);
  if (outcome.kind === 'held') return;
  if (outcome.kind !== 'call_settled') throw new Error(`unexpected ${outcome.kind}`);
  const call = await repo.getCall(rating.callId);
  if (call?.answeredAt) await repo.insertRating(rating);
}

describe.each(backends)('held ratings on %s', (_name, open) => {
  const storage = useOpenedStorage(open);

  it('end up stored once for each answered call, and for no other, whoever goes first', async () => {
    const { repo, other } = storage;
    const calls = Array.from({ length: 60 }, (_, n) => ({
      call: newCall(t0),
      answered: n % 3 !== 0,
      // The rating goes with one of the reports, at the same moment, or before them all.
      ratingWith: n % 4,
    }));
    await Promise.all(
      calls.map(async ({ call, answered, ratingWith }, n) => {
        const reports = reportsOf(call, answered);
        const rating = heldRating(call, 1 + (n % 5));
        if (ratingWith >= reports.length) await rateLikeTheApi(repo, rating);
        for (const [i, event] of reports.entries()) {
          await Promise.all([
            other.recordEvent(event, t0),
            i === ratingWith ? rateLikeTheApi(repo, rating) : undefined,
          ]);
        }
      }),
    );
    const stored = await repo.listRatings({ siteId: 'acme', limit: 5000 });
    const mine = new Set(calls.map(({ call }) => call.id));
    expect(
      stored
        .filter((rating) => mine.has(rating.callId))
        .map((rating) => rating.callId)
        .sort(),
    ).toEqual(
      calls
        .filter(({ answered }) => answered)
        .map(({ call }) => call.id)
        .sort(),
    );
    expect(await repo.countHeldRatings()).toBe(0);
  });
});

// On one connection (PGlite) transactions cannot interleave; PostgreSQL's pools can.
describe.each(backends.filter(([name]) => name === 'PostgreSQL'))(
  "a held rating racing its call's reports on %s",
  (_name, open) => {
    const storage = useOpenedStorage(open);

    // The moment that matters: the rating has read the call as not answered, and the call's
    // last reports land before the rating is written. They must wait for the rating (the call's
    // lock), or they settle nothing and the rating stays held for good.
    it('is stored when the last reports land between reading the call and holding the rating', async () => {
      const { db, other } = storage;
      const call = newCall(t0);
      const [created, answered, ended] = reportsOf(call, true);
      await other.recordEvent(created!, t0);
      let events: Promise<unknown> | undefined;
      const rater = sqlRepository(
        pausingAfterCallRead(db, async () => {
          const landing = other
            .recordEvent(answered!, t0)
            .then(() => other.recordEvent(ended!, t0));
          events = landing;
          // It lands, or it waits for the call's lock: either way it had its chance.
          await Promise.race([landing, advisoryLockAwaited(db)]);
        }),
      );
      const rating = heldRating(call, 4);
      expect(await rater.holdRating(rating, 3)).toMatchObject({ kind: 'held' });
      await events;
      expect(await storage.repo.listRatings({ siteId: 'acme', limit: 5000 })).toContainEqual(
        expect.objectContaining({ id: rating.id, callId: call.id, stars: 4 }),
      );
      expect(await storage.repo.countHeldRatings()).toBe(0);
    });
  },
);

/** `db`, with each transaction paused after it reads a call's row, until `pause` resolves. */
function pausingAfterCallRead(db: SqlClient, pause: () => Promise<void>): SqlClient {
  return {
    ...db,
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          ...tx,
          async query<Row>(sql: string, params?: unknown[]) {
            const result = await tx.query<Row>(sql, params);
            if (/from calls where id/.test(sql)) await pause();
            return result;
          },
        }),
      ),
  };
}

/** Resolves once some connection waits for an advisory lock (PostgreSQL's pg_locks). */
async function advisoryLockAwaited(db: SqlClient): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted",
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

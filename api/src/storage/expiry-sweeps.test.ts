import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteClient } from '../../../tests/support/api/pglite-in-process.ts';
import { migrate } from './migrate.ts';
import { startExpirySweeps } from './expiry-sweeps.ts';
import type { Repository } from './repository.ts';
import type { SqlClient } from './sql-client.ts';
import { sqlRepository } from './sql-repository.ts';

describe('startExpirySweeps', () => {
  let db: SqlClient;
  let repo: Repository;
  beforeAll(async () => {
    db = await openPgliteClient();
    await migrate(db);
    repo = sqlRepository(db);
  }, 60_000);
  afterAll(() => repo?.close());

  const rows = async (table: string) =>
    (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

  it('keeps the limit tables, the waiting events and held ratings bounded as time passes', async () => {
    const t0 = new Date('2026-11-02T10:00:00Z');
    const hold = { key: 'ip:192.0.2.9', limit: 2, until: new Date(t0.getTime() + 120_000) };
    expect(await repo.admitCall(randomUUID(), [{ ...hold, followsCall: true }], [], t0)).toEqual({
      admitted: true,
    });
    await repo.takeRates([{ key: 'session:ip:192.0.2.9', perMinute: 5, label: 'x' }], t0);
    const orphan = { eventId: randomUUID(), callId: randomUUID(), at: t0.toISOString() };
    expect(await repo.recordEvent({ ...orphan, type: 'ringing' }, t0)).toBe('held');
    const rating = {
      id: randomUUID(),
      siteId: 'acme',
      sessionId: 'session-1',
      callId: orphan.callId,
      stars: 2,
      comment: 'nobody answered',
      idempotencyKey: 'rating-key-orphan',
      requestHash: 'h',
      createdAt: t0,
    };
    expect(await repo.holdRating(rating, 3)).toMatchObject({ kind: 'held' });
    const clock = { now: t0 };
    const errors: unknown[] = [];
    const stop = startExpirySweeps(repo, {
      now: () => clock.now,
      retentionDays: 90,
      everyMs: 20,
      onError: (error) => errors.push(error),
    });
    try {
      // A day and more later: the token lapsed, the bucket is full, the call never came.
      clock.now = new Date(t0.getTime() + 25 * 3600_000);
      const tables = async () => ({
        holds: await rows('limit_holds'),
        counts: await rows('limit_counts'),
        buckets: await rows('rate_buckets'),
        waiting: await rows('early_call_events'),
        heldRatings: await rows('held_ratings'),
      });
      // The timeout is a ceiling for a hang: PGlite answers slowly on two busy cores.
      await expect
        .poll(tables, { timeout: 10_000 })
        .toEqual({ holds: 0, counts: 0, buckets: 0, waiting: 0, heldRatings: 0 });
    } finally {
      stop();
    }
    expect(errors).toEqual([]);
  });
});

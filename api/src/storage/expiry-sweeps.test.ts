import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
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

  it('keeps the limit tables, the waiting events, held ratings and callback links bounded as time passes', async () => {
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
    const callback = await repo.insertCallbackRequest({
      id: randomUUID(),
      siteId: 'acme',
      idempotencyKey: 'callback-key-orphan',
      requestHash: 'h',
      phone: '+17139293714',
      queue: 'support-en',
      routing: { intent: 'support', language: 'en', country: 'US' },
      consentAt: t0,
      createdAt: t0,
    });
    if (callback.kind !== 'created') throw new Error(callback.kind);
    const link = { callId: orphan.callId, siteId: 'acme', sessionId: 'session-1', heldAt: t0 };
    expect(await repo.linkCallbackToCall({ ...link, callbackId: callback.value.id }, 3)).toBe(
      'held',
    );
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
        callbackLinks: await rows('held_callback_links'),
      });
      // The timeout is a ceiling for a hang: PGlite answers slowly on two busy cores.
      await expect.poll(tables, { timeout: 10_000 }).toEqual({
        holds: 0,
        counts: 0,
        buckets: 0,
        waiting: 0,
        heldRatings: 0,
        callbackLinks: 0,
      });
    } finally {
      stop();
    }
    expect(errors).toEqual([]);
  });
  it('ends the calls of a gateway node silent for API_GATEWAY_LOST_AFTER_MS, and says so', async () => {
    const t0 = new Date('2026-11-03T10:00:00Z');
    const nodeId = 'node-swept';
    const announcement = {
      nodeId,
      publicUrl: 'wss://cc.example.com/media/node-swept/sip',
      capacity: 10,
      callsInProgress: 1,
      draining: false,
      bootId: randomUUID(),
    };
    await repo.recordGatewayAnnouncement(announcement, t0, t0);
    const call = {
      id: randomUUID(),
      siteId: 'acme',
      sessionId: 'session-2',
      queue: 'support-en',
      queueDisplayName: 'English Technical Support',
      routing: { intent: 'support', language: 'en', country: 'US' },
      createdAt: t0,
      tokenExpiresAt: new Date(t0.getTime() + 120_000),
      gatewayNode: nodeId,
      gatewayBootId: announcement.bootId,
    };
    expect(await repo.recordEvent(createdEvent(call), t0)).toBe('applied');
    const clock = { now: new Date(t0.getTime() + 121_000) };
    const told: unknown[] = [];
    const errors: unknown[] = [];
    const stop = startExpirySweeps(repo, {
      now: () => clock.now,
      retentionDays: 90,
      everyMs: 20,
      gatewayLostAfterMs: 120_000,
      onGatewayCallsEnded: (ended) => told.push(ended),
      onError: (error) => errors.push(error),
    });
    try {
      await expect
        .poll(() => told, { timeout: 10_000 })
        .toEqual([{ cause: 'gateway_lost', calls: 1 }]);
    } finally {
      stop();
    }
    expect(errors).toEqual([]);
    expect(await repo.getCall(call.id)).toMatchObject({
      status: 'ended',
      endReason: 'connection_lost',
      endInferred: 'gateway_lost',
    });
  });
});

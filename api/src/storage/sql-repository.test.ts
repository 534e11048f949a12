// The storage suite: the same cases against the embedded store (PGlite in memory, in this
// thread and in the thread of its own the API runs it in) and a real PostgreSQL 15 cluster
// from Debian started for this file.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startPostgresCluster,
  type PostgresCluster,
} from '../../../tests/support/api/postgres-cluster.ts';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import { openPgliteClient } from '../../../tests/support/api/pglite-in-process.ts';
import { migrate } from './migrate.ts';
import { openPgClient } from './pg-client.ts';
import { openPgliteThreadClient } from './pglite-thread-client.ts';
import type { NewCall, NewCallbackRequest, NewRating, Repository } from './repository.ts';
import type { SqlClient } from './sql-client.ts';
import { sqlRepository } from './sql-repository.ts';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(() => cluster?.stop());

const backends: [string, () => Promise<SqlClient>][] = [
  ['PGlite', () => openPgliteClient()],
  ['PGlite in its own thread', () => openPgliteThreadClient()],
  ['PostgreSQL', () => openPgClient(cluster.url)],
];

const t0 = new Date('2026-11-02T10:00:00Z');
const newCall = (overrides: Partial<NewCall> = {}): NewCall => ({
  id: randomUUID(),
  siteId: 'acme',
  sessionId: 'session-1',
  queue: 'support-en',
  queueDisplayName: 'English Technical Support',
  routing: { intent: 'support', language: 'en', country: 'US' },
  createdAt: t0,
  tokenExpiresAt: new Date(t0.getTime() + 120_000),
  ...overrides,
});
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000).toISOString();

describe.each(backends)('storage on %s', (_name, open) => {
  let db: SqlClient;
  let repo: Repository;
  beforeAll(async () => {
    db = await open();
    // A fresh schema per file run: drop what an earlier run on the same cluster left.
    await db.exec(
      'drop table if exists call_events, ratings, callback_requests, calls, supervisor_users, schema_migrations cascade',
    );
    await migrate(db);
    repo = sqlRepository(db);
  }, 60_000);

  afterAll(() => repo?.close());
  /** A call media reported `created`: how every call record comes to be. */
  const place = async (call: NewCall) =>
    expect(await repo.recordEvent(createdEvent(call), t0)).toBe('applied');

  it('applies migrations once: a second start applies none', async () => {
    expect(await migrate(db)).toBe(0);
    await expect(repo.ping()).resolves.toBeUndefined();
  });

  it("makes a call's record from its created event, many at once, and reads them back", async () => {
    const calls = Array.from({ length: 100 }, () => newCall());
    await Promise.all(calls.map(place));
    const first = calls[0]!;
    expect(await repo.getCall(first.id)).toEqual({ ...first, status: 'created' });
    expect(await repo.getCall(randomUUID())).toBeUndefined();
  });

  it('takes a retried created event as a duplicate; another one leaves the record as it was', async () => {
    const call = newCall();
    const first = createdEvent(call);
    expect(await repo.recordEvent(first, t0)).toBe('applied');
    expect(await repo.recordEvent(first, t0)).toBe('duplicate');
    await repo.recordEvent(createdEvent({ ...call, queue: 'sales-en' }), t0);
    expect(await repo.getCall(call.id)).toMatchObject({ queue: 'support-en', status: 'created' });
  });

  it('stores awkward text and JSON exactly as given (quotes, commas, newlines, backslashes)', async () => {
    const call = newCall({
      queue: 'q,"1"\\n',
      queueDisplayName: 'Soporte "técnico", línea 1\nlínea 2 \\ 📞',
      sessionId: '',
      connectionTest: {
        verdict: 'poor',
        rttMs: 412.5,
        jitterMs: 38.25,
        lossPct: 12,
        transport: 'udp',
      },
    });
    const plain = newCall({ queueDisplayName: 'NULL' });
    await Promise.all([place(call), place(plain)]);
    expect(await repo.getCall(call.id)).toMatchObject({
      queue: call.queue,
      queueDisplayName: call.queueDisplayName,
      sessionId: '',
      connectionTest: call.connectionTest,
      tokenExpiresAt: call.tokenExpiresAt,
    });
    const stored = await repo.getCall(plain.id);
    expect(stored?.queueDisplayName).toBe('NULL');
    expect(stored?.connectionTest).toBeUndefined();
  });

  it('moves a call forward with events, ignores duplicates and never moves back', async () => {
    const call = newCall();
    await place(call);
    const answered = {
      eventId: randomUUID(),
      callId: call.id,
      at: at(5),
      type: 'answered' as const,
      codec: 'opus',
      agentName: 'Gloria Mcgee',
    };
    expect(await repo.recordEvent(answered, t0)).toBe('applied');
    expect(await repo.recordEvent(answered, t0)).toBe('duplicate');
    const lateRinging = {
      eventId: randomUUID(),
      callId: call.id,
      at: at(2),
      type: 'ringing' as const,
    };
    expect(await repo.recordEvent(lateRinging, t0)).toBe('applied');
    const ended = {
      eventId: randomUUID(),
      callId: call.id,
      at: at(65),
      type: 'ended' as const,
      reason: 'agent_hung_up' as const,
      durationS: 60,
      quality: { mos: 4.2, lossPct: 0.5 },
    };
    expect(await repo.recordEvent(ended, t0)).toBe('applied');
    expect(await repo.getCall(call.id)).toMatchObject({
      status: 'ended',
      codec: 'opus',
      agentName: 'Gloria Mcgee',
      answeredAt: new Date(at(5)),
      ringingAt: new Date(at(2)),
      endReason: 'agent_hung_up',
      durationS: 60,
      quality: { mos: 4.2, lossPct: 0.5 },
    });
    const orphan = { ...lateRinging, eventId: randomUUID(), callId: randomUUID() };
    expect(await repo.recordEvent(orphan, t0)).toBe('held');
  });

  it('keeps one rating per call, idempotent by key', async () => {
    const call = newCall({ siteId: 'rated' });
    await place(call);
    const rating: NewRating = {
      id: randomUUID(),
      siteId: 'rated',
      callId: call.id,
      stars: 2,
      comment: '<script>alert(1)</script>',
      idempotencyKey: 'key-00001',
      requestHash: 'h1',
      createdAt: t0,
    };
    const created = await repo.insertRating(rating);
    expect(created).toMatchObject({ kind: 'created', value: { stars: 2, callId: call.id } });
    expect(await repo.insertRating({ ...rating, id: randomUUID() })).toEqual({
      ...created,
      kind: 'replayed',
    });
    expect(await repo.insertRating({ ...rating, id: randomUUID(), requestHash: 'h2' })).toEqual({
      kind: 'key_conflict',
    });
    expect(
      await repo.insertRating({ ...rating, id: randomUUID(), idempotencyKey: 'key-00002' }),
    ).toEqual({ kind: 'already_rated' });
    const listed = await repo.listRatings({ siteId: 'rated', stars: [1, 2], queue: 'support-en' });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ comment: '<script>alert(1)</script>', language: 'en' });
    expect(await repo.listRatings({ siteId: 'rated', stars: [5] })).toEqual([]);
    expect(await repo.listRatings({ siteId: 'rated', from: new Date(at(1)) })).toEqual([]);
    // A supervisor's sites, in the query: theirs among others, or none.
    expect(await repo.listRatings({ siteIds: ['elsewhere', 'rated'] })).toHaveLength(1);
    expect(await repo.listRatings({ siteIds: [] })).toEqual([]);
  });

  it('stores callback requests idempotently and walks their status', async () => {
    const request: NewCallbackRequest = {
      id: randomUUID(),
      siteId: 'cb',
      idempotencyKey: 'cb-key-001',
      requestHash: 'h1',
      phone: '+17139293714',
      queue: 'sales-en',
      routing: { intent: 'sales', language: 'en', country: 'US' },
      windowFrom: new Date(at(3600)),
      windowTo: new Date(at(7200)),
      consentAt: t0,
      createdAt: t0,
    };
    const created = await repo.insertCallbackRequest(request);
    expect(created).toMatchObject({
      kind: 'created',
      value: { status: 'new', phone: '+17139293714' },
    });
    expect((await repo.insertCallbackRequest({ ...request, id: randomUUID() })).kind).toBe(
      'replayed',
    );
    expect((await repo.insertCallbackRequest({ ...request, requestHash: 'h2' })).kind).toBe(
      'key_conflict',
    );
    expect(await repo.setCallbackStatus(request.id, 'done', 'sam', new Date(at(60)))).toBe(true);
    expect(await repo.setCallbackStatus(randomUUID(), 'done', 'sam', t0)).toBe(false);
    const [row] = await repo.listCallbackRequests({ siteId: 'cb' });
    expect(row).toMatchObject({ status: 'done', statusBy: 'sam', statusAt: new Date(at(60)) });
    expect(await repo.listCallbackRequests({ siteId: 'cb', status: 'new' })).toEqual([]);
    expect(await repo.countCallbackRequests()).toBe(1);
  });

  it('summarizes queues: calls, answered, abandoned, average rating and handle time', async () => {
    const site = 'summary';
    const answered = newCall({ siteId: site, queue: 'q1' });
    const abandoned = newCall({ siteId: site, queue: 'q1' });
    for (const call of [answered, abandoned]) await place(call);
    await repo.recordEvent(
      { eventId: randomUUID(), callId: answered.id, at: at(3), type: 'answered', codec: 'PCMU' },
      t0,
    );
    await repo.recordEvent(
      {
        eventId: randomUUID(),
        callId: answered.id,
        at: at(93),
        type: 'ended',
        reason: 'visitor_hung_up',
        durationS: 90,
      },
      t0,
    );
    await repo.recordEvent(
      {
        eventId: randomUUID(),
        callId: abandoned.id,
        at: at(20),
        type: 'ended',
        reason: 'visitor_hung_up',
        durationS: 0,
      },
      t0,
    );
    await repo.insertRating({
      id: randomUUID(),
      siteId: site,
      callId: answered.id,
      stars: 4,
      comment: '',
      idempotencyKey: 'sum-key-1',
      requestHash: 'x',
      createdAt: t0,
    });
    expect(await repo.queueSummary({ siteId: site })).toEqual([
      {
        siteId: site,
        queue: 'q1',
        calls: 2,
        answered: 1,
        abandoned: 1,
        averageStars: 4,
        averageHandleTimeS: 90,
      },
    ]);
    const scoped = await repo.queueSummary({ siteIds: ['elsewhere', site] });
    expect(scoped.map((row) => [row.siteId, row.calls])).toEqual([[site, 2]]);
    expect(await repo.queueSummary({ siteIds: [] })).toEqual([]);
  });

  it('keeps supervisor users', async () => {
    await repo.upsertUser({ username: 'sam', passwordHash: 'scrypt$a' });
    await repo.upsertUser({ username: 'sam', passwordHash: 'scrypt$b' });
    expect(await repo.getUser('sam')).toEqual({ username: 'sam', passwordHash: 'scrypt$b' });
    expect(await repo.getUser('nobody')).toBeUndefined();
  });
});

// Webhooks end to end on each database: events written with their records, sent from the
// outbox to a real HTTP receiver that is down for the first three attempts (connection
// refused, then 503 twice), through an API restart and two instances sending at once.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  WebhookBodySchema,
  type WebhookBody,
  type WebhookEventType,
} from '../../../protocol/api/webhook-events.ts';
import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import { freePort } from '../../../infra/rig/ports.ts';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import {
  useStorageBackends,
  type OpenStorage,
} from '../../../tests/support/api/storage-backends.ts';
import {
  signatureHeaders,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../../tests/support/api/webhook-receiver.ts';
import { SecretValue } from '../../../protocol/config/secret-file.ts';
import type { NewCall, Repository } from '../storage/repository.ts';
import { startWebhookDispatcher, type WebhookDispatcher } from './webhook-dispatcher.ts';
import type { ClaimedDelivery, WebhookAttemptResult } from './webhook-store.ts';

const backends = useStorageBackends();

/** Retries 1 s, 2 s, 4 s, 8 s apart (each +-20 %); the test's clock moves 10 s per step. */
const retryDelaysMs = [1000, 2000, 4000, 8000];
const step = 10_000;

/** Every attempt the dispatchers made, and a way to wait for some. */
function attemptLog() {
  const attempts: { delivery: ClaimedDelivery; result: WebhookAttemptResult }[] = [];
  const waiters: { until: () => boolean; resolve: () => void }[] = [];
  return {
    attempts,
    record(delivery: ClaimedDelivery, result: WebhookAttemptResult) {
      attempts.push({ delivery, result });
      for (const waiter of waiters) if (waiter.until()) waiter.resolve();
    },
    /** Resolves once `count` attempts numbered `attempt` have been recorded. */
    numbered(attempt: number, count: number): Promise<void> {
      const until = () => attempts.filter((a) => a.delivery.attempt === attempt).length >= count;
      return until()
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ until, resolve }));
    },
  };
}

describe.each(backends)('webhooks on %s', (_name, open) => {
  let storage: OpenStorage;
  beforeAll(async () => {
    storage = await open();
  }, 60_000);
  afterAll(() => storage?.close());

  // Whole seconds: a call's start comes from its token's `iat`.
  const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
  const siteId = 'acme';
  const newCall = (): NewCall => ({
    id: randomUUID(),
    siteId,
    sessionId: randomUUID(),
    queue: 'support-en',
    queueDisplayName: 'English Technical Support',
    routing: { intent: 'support', language: 'en', country: 'US' },
    createdAt: t0,
    tokenExpiresAt: new Date(t0.getTime() + 120_000),
    connectionTest: { verdict: 'good', lossPct: 0, rttMs: 20, jitterMs: 2, transport: 'udp' },
  });
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000).toISOString();

  /** A call answered and ended by the agent, rated; a call the visitor left while ringing,
   * followed by a callback request. Five events. */
  async function makeEvents(repo: Repository) {
    const answered = newCall();
    const left = newCall();
    for (const call of [answered, left]) await repo.recordEvent(createdEvent(call), t0);
    const event = (callId: string, seconds: number) => ({
      eventId: randomUUID(),
      callId,
      at: at(seconds),
    });
    await repo.recordEvent({ ...event(answered.id, 2), type: 'ringing' }, t0);
    await repo.recordEvent(
      { ...event(answered.id, 12), type: 'answered', codec: 'opus', agentName: 'Gloria Mcgee' },
      t0,
    );
    await repo.recordEvent(
      {
        ...event(answered.id, 72),
        type: 'ended',
        reason: 'agent_hung_up',
        durationS: 60,
        quality: { mos: 4.3, lossPct: 0.4, jitterMs: 6 },
      },
      t0,
    );
    await repo.recordEvent({ ...event(left.id, 3), type: 'ringing' }, t0);
    await repo.recordEvent(
      { ...event(left.id, 40), type: 'ended', reason: 'visitor_hung_up', durationS: 0 },
      t0,
    );
    await repo.insertRating({
      id: randomUUID(),
      siteId,
      callId: answered.id,
      stars: 2,
      comment: 'Gloria was kind but my order 1234 is still lost, call me on 555-0100',
      idempotencyKey: randomUUID(),
      requestHash: 'hash',
      createdAt: new Date(t0.getTime() + 80_000),
    });
    await repo.insertCallbackRequest({
      id: randomUUID(),
      siteId,
      idempotencyKey: randomUUID(),
      requestHash: 'hash',
      phone: '+17139293714',
      queue: 'support-en',
      routing: { intent: 'support', language: 'en', country: 'US' },
      consentAt: new Date(t0.getTime() + 45_000),
      callId: left.id,
      createdAt: new Date(t0.getTime() + 45_000),
    });
    return { answered, left };
  }

  it('delivers every event once by its id, signed, to a receiver down for three attempts', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const port = await freePort();
    const endpoints: SiteConfig['webhooks'] = [
      {
        id: 'crm',
        url: `http://127.0.0.1:${port}/crm`,
        events: ['call.ended', 'call.abandoned', 'rating.submitted', 'callback.requested'],
      },
      { id: 'tickets', url: `http://127.0.0.1:${port}/tickets`, events: ['callback.requested'] },
    ];
    const sites = { get: (id: string) => (id === siteId ? { webhooks: endpoints } : undefined) };
    const secrets = { secretFor: () => new SecretValue(secret) };
    // The API's clock, moved by the test: a retry is due only when the test says so. Close
    // enough to the real one for the receiver's 5-minute timestamp check.
    let clock = Date.now();
    const log = attemptLog();
    const start = (repo: Repository): WebhookDispatcher =>
      startWebhookDispatcher({
        repo,
        sites,
        secrets,
        retryDelaysMs,
        now: () => new Date(clock),
        pollMs: 20,
        onAttempt: log.record,
        onError: (error) => {
          throw error;
        },
      });

    const { answered, left } = await makeEvents(storage.repo);
    const deliveries = 6; // five events to the CRM, the callback request to ticketing too

    // Attempt 1: nothing listens on the port.
    const first = start(storage.repo);
    await log.numbered(1, deliveries);
    expect(log.attempts.map((a) => a.result.error)).toEqual(Array(deliveries).fill('ECONNREFUSED'));
    // The API restarts: what it had not delivered is in the database, and the instance that
    // comes back sends it, beside a second instance on the same database.
    await first.stop();
    const instances = [start(storage.repo), start(storage.other)];
    let receiver: WebhookReceiver | undefined;
    try {
      receiver = await startWebhookReceiver({ port, secret, failFirst: 2 });
      // Attempts 2 and 3: 503. Attempt 4: taken.
      for (const attempt of [2, 3, 4]) {
        clock += step;
        await log.numbered(attempt, deliveries);
      }
      await receiver.acceptedCount(deliveries);
      expect(log.attempts).toHaveLength(4 * deliveries);
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
      await receiver?.close();
    }

    // Each delivery reached the receiver three times (503, 503, 204), under one id, and was
    // taken once: no instance sent one another was sending.
    const byKey = new Map<string, typeof receiver.requests>();
    for (const request of receiver.requests) {
      const key = `${request.path} ${String(request.headers['webhook-id'])}`;
      byKey.set(key, [...(byKey.get(key) ?? []), request]);
    }
    expect(byKey.size).toBe(deliveries);
    for (const requests of byKey.values()) {
      expect(requests).toHaveLength(3);
      expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    }
    const verifier = new Webhook(secret);
    const bodies = receiver.accepted.map((request) => {
      expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      return {
        path: request.path,
        id: request.headers['webhook-id'],
        body: WebhookBodySchema.parse(
          verifier.verify(request.body, signatureHeaders(request.headers)),
        ),
      };
    });
    const crm = bodies.filter((b) => b.path === '/crm');
    expect(crm.map((b) => b.body.type).sort()).toEqual<WebhookEventType[]>([
      'call.abandoned',
      'call.ended',
      'call.ended',
      'callback.requested',
      'rating.submitted',
    ]);
    expect(new Set(crm.map((b) => b.id)).size).toBe(5);
    // One event, one id, whichever endpoint gets it.
    const tickets = bodies.filter((b) => b.path === '/tickets');
    expect(tickets.map((b) => b.body.type)).toEqual(['callback.requested']);
    expect(tickets[0]?.id).toBe(crm.find((b) => b.body.type === 'callback.requested')?.id);

    const ended = crm.find(
      (b) => b.body.type === 'call.ended' && b.body.data.callId === answered.id,
    );
    expect(ended?.body.data).toMatchObject({
      queue: 'support-en',
      intent: 'support',
      waitS: 12,
      talkS: 60,
      endReason: 'agent_hung_up',
      quality: { mos: 4.3, lossPct: 0.4, jitterMs: 6 },
      connectionTest: { verdict: 'good' },
    });
    const abandoned = crm.find((b) => b.body.type === 'call.abandoned');
    expect(abandoned?.body.data).toMatchObject({ callId: left.id, waitS: 40, rang: true });
    const callback = crm.find((b) => b.body.type === 'callback.requested');
    expect(callback?.body.data).toMatchObject({ phone: '+17139293714', callId: left.id });
    // No personal data a receiver does not need: the agent's name, the rating's comment.
    const everything = receiver.requests.map((r) => r.body).join('\n');
    expect(everything).not.toContain('Gloria');
    expect(everything).not.toContain('555-0100');

    // A body changed on the way fails the check.
    const taken = receiver.accepted[0]!;
    const tampered = taken.body.replace(/"siteId":"acme"/, '"siteId":"evil"');
    expect(tampered).not.toBe(taken.body);
    expect(() => verifier.verify(tampered, signatureHeaders(taken.headers))).toThrow(
      WebhookVerificationError,
    );

    // Administrators see each delivered on the fourth attempt, nothing left to send.
    const rows = await storage.repo.listWebhookDeliveries({ siteId });
    expect(rows).toHaveLength(deliveries);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 204 });
      expect(row.nextAttemptAt).toBeUndefined();
    }
  });

  /** The outbox's events for a call, by type, as bodies. */
  async function eventsOfCall(callId: string) {
    const { rows } = await storage.db.query<{ type: string; body: string }>(
      `select type, body from webhook_events where body like $1 order by created_at, type`,
      [`%${callId}%`],
    );
    return rows.map((row) => ({ type: row.type, body: JSON.parse(row.body) as WebhookBody }));
  }

  it("tells of an inferred end, then of the gateway's own report that replaces it", async () => {
    const call = { ...newCall(), gatewayNode: 'media-9', gatewayBootId: 'boot-1' };
    await storage.repo.recordEvent(createdEvent(call), t0);
    await storage.repo.recordEvent(
      { eventId: randomUUID(), callId: call.id, at: at(2), type: 'ringing' },
      t0,
    );
    const learned = new Date(t0.getTime() + 600_000);
    const gone = { cause: 'gateway_lost' as const, silentSince: learned };
    expect(await storage.repo.endCallOfGoneGateway(call.id, gone, learned)).toBe(true);
    // The gateway was only cut off: its report comes after all (the visitor had hung up).
    const ended = {
      eventId: randomUUID(),
      callId: call.id,
      at: at(30),
      type: 'ended' as const,
      reason: 'visitor_hung_up' as const,
      durationS: 0,
    };
    const reported = new Date(learned.getTime() + 1000);
    expect(await storage.repo.recordEvent(ended, reported)).toBe('applied');
    expect(await storage.repo.recordEvent(ended, reported)).toBe('duplicate');
    const events = await eventsOfCall(call.id);
    expect(events.map((e) => e.type)).toEqual(['call.ended', 'call.abandoned', 'call.ended']);
    expect(events[0]?.body.data).toMatchObject({
      endReason: 'connection_lost',
      endInferred: 'gateway_lost',
    });
    // Then, both told at once (ordered by type here): abandoned, and the end as it was.
    expect(events[2]?.body.data).toMatchObject({ endReason: 'visitor_hung_up', waitS: 30 });
    expect(events[2]?.body.data).not.toHaveProperty('endInferred');
  });

  it('tells of an end that arrived before its call was created, once', async () => {
    const call = newCall();
    const ended = {
      eventId: randomUUID(),
      callId: call.id,
      at: at(9),
      type: 'ended' as const,
      reason: 'busy' as const,
      durationS: 0,
      sipStatus: 486,
    };
    expect(await storage.repo.recordEvent(ended, t0)).toBe('held');
    expect(await eventsOfCall(call.id)).toEqual([]);
    expect(await storage.repo.recordEvent(createdEvent(call), t0)).toBe('applied');
    const events = await eventsOfCall(call.id);
    expect(events.map((e) => e.type)).toEqual(['call.ended']);
    expect(events[0]?.body.data).toMatchObject({ endReason: 'busy', sipStatus: 486, waitS: 9 });
  });

  it('keeps no event nobody wants, and none past retention', async () => {
    const unwanted = newCall();
    await storage.repo.recordEvent(createdEvent({ ...unwanted, siteId: 'quiet' }), t0);
    await storage.repo.recordEvent(
      {
        eventId: randomUUID(),
        callId: unwanted.id,
        at: at(5),
        type: 'ended',
        reason: 'visitor_hung_up',
        durationS: 0,
      },
      t0,
    );
    expect(await eventsOfCall(unwanted.id)).toHaveLength(2);
    const noEndpoints = () => [];
    while ((await storage.repo.fanOutWebhookEvents(noEndpoints, new Date(), 50)) > 0);
    expect(await eventsOfCall(unwanted.id)).toEqual([]);

    // Wanted, then past retention: deleted with its deliveries and attempts, sent or not.
    await makeEvents(storage.repo);
    const crm = () => ['crm'];
    while ((await storage.repo.fanOutWebhookEvents(crm, new Date(), 50)) > 0);
    const count = async (table: string) =>
      (await storage.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;
    expect(await count('webhook_deliveries')).toBeGreaterThan(0);
    await storage.repo.forgetWebhookEvents(new Date(Date.now() + 3_600_000));
    expect(await count('webhook_events')).toBe(0);
    expect(await count('webhook_deliveries')).toBe(0);
    expect(await count('webhook_attempts')).toBe(0);
  });

  it('never hands one delivery to two senders claiming at once', async () => {
    for (let i = 0; i < 20; i++) await makeEvents(storage.repo);
    const now = new Date();
    const endpoints = () => ['crm', 'tickets'];
    while ((await storage.repo.fanOutWebhookEvents(endpoints, now, 50)) > 0);
    const due = (await storage.repo.listWebhookDeliveries({ limit: 1000 })).filter(
      (row) => row.status === 'pending' && row.attempts === 0,
    );
    expect(due.length).toBeGreaterThanOrEqual(200);
    // Eight senders on the two instances' pools, each claiming small batches until none is left.
    const lease = new Date(now.getTime() + 60_000);
    const sender = async (repo: Repository) => {
      const mine: string[] = [];
      for (;;) {
        const claimed = await repo.claimWebhookDeliveries(now, lease, 3);
        if (claimed.length === 0) return mine;
        mine.push(...claimed.map((delivery) => delivery.id));
      }
    };
    const repos = [storage.repo, storage.other];
    const claims = (
      await Promise.all(Array.from({ length: 8 }, (_, i) => sender(repos[i % 2]!)))
    ).flat();
    expect(claims).toHaveLength(new Set(claims).size);
    expect(new Set(claims)).toEqual(new Set(due.map((row) => row.id)));
  });
});

// The administrators' view of webhook deliveries, fed by events the API stored from its own
// routes (calls reported by media, ratings and a callback request from visitors).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../infra/rig/ports.ts';
import { SecretValue } from '../../../protocol/config/secret-file.ts';
import { seedReview } from '../../../tests/support/api/seed-review.ts';
import { supervisorSession } from '../../../tests/support/api/supervisor-sign-in.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import { startWebhookReceiver } from '../../../tests/support/api/webhook-receiver.ts';
import { startWebhookDispatcher } from '../webhooks/webhook-dispatcher.ts';
import type { ClaimedDelivery } from '../webhooks/webhook-store.ts';

let api: TestApi;
let port: number;
beforeAll(async () => {
  port = await freePort();
  api = await startTestApi((file) => {
    file.sites.acme!.limits = { ...file.sites.acme!.limits, sessionsPerIpPerMinute: 100 };
    file.sites.acme!.webhooks = [
      {
        id: 'crm',
        url: `http://127.0.0.1:${port}/hooks`,
        events: ['call.ended', 'call.abandoned', 'rating.submitted', 'callback.requested'],
      },
    ];
  });
  await seedReview(api);
}, 60_000);
afterAll(() => api?.close());

/** The deliveries table's rows, as text. */
async function deliveriesShown(cookie: string): Promise<string[]> {
  const res = await api.app.request('/supervisor/webhooks', { headers: { cookie } });
  expect(res.status).toBe(200);
  const page = await res.text();
  return [...page.matchAll(/<tr data-testid="webhook-delivery"[\s\S]*?<\/tr>/g)].map((match) =>
    match[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '),
  );
}

describe('webhook deliveries on the supervisor pages', () => {
  it('sends those signed out to the sign-in page', async () => {
    const res = await api.app.request('/supervisor/webhooks');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/supervisor/login');
  });

  it('shows each delivery with its status, attempts, next try and last error', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    let clock = Date.now();
    const attempted: ClaimedDelivery[] = [];
    let attemptsWanted = 0;
    let reached: (() => void) | undefined;
    const dispatcher = () =>
      startWebhookDispatcher({
        repo: api.repo,
        sites: api.sites,
        secrets: { secretFor: () => new SecretValue(secret) },
        retryDelaysMs: [60_000],
        now: () => new Date(clock),
        pollMs: 20,
        onAttempt: (delivery) => {
          attempted.push(delivery);
          if (attempted.length >= attemptsWanted) reached?.();
        },
        onError: (error) => {
          throw error;
        },
      });
    const attempts = (count: number) =>
      new Promise<void>((resolve) => {
        attemptsWanted = count;
        reached = resolve;
        if (attempted.length >= count) resolve();
      });
    // Three answered calls ended, each rated, and a callback request: seven events.
    const events = 7;

    const { cookie } = await supervisorSession(api);
    const review = await (await api.app.request('/supervisor', { headers: { cookie } })).text();
    expect(review).toContain('href="/supervisor/webhooks"');

    // Nothing listens yet: each first attempt is refused, and waits a minute for the next.
    const first = dispatcher();
    await attempts(events);
    await first.stop();
    const waiting = await deliveriesShown(cookie);
    expect(waiting).toHaveLength(events);
    for (const row of waiting) {
      expect(row).toMatch(/acme crm \(127\.0\.0\.1:\d+\)/);
      expect(row).toContain('Waiting to retry');
      expect(row).toContain('ECONNREFUSED');
    }
    expect(waiting.filter((row) => row.includes('rating.submitted'))).toHaveLength(3);
    expect(waiting.filter((row) => row.includes('callback.requested'))).toHaveLength(1);

    // The receiver is up; the minute passes.
    const receiver = await startWebhookReceiver({ port, secret, failFirst: 0 });
    const second = dispatcher();
    try {
      clock += 2 * 60_000;
      await receiver.acceptedCount(events);
      await attempts(2 * events);
    } finally {
      await second.stop();
      await receiver.close();
    }
    const delivered = await deliveriesShown(cookie);
    expect(delivered).toHaveLength(events);
    for (const row of delivered) {
      expect(row).toContain('Delivered');
      expect(row).toContain(' 2 ');
      expect(row).toContain(' 204 ');
      expect(row).not.toContain('ECONNREFUSED');
    }
  });
});

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { hcaptchaVerifier } from '../../captcha/captcha-verifier.ts';
import { createMetrics } from '../../ops/metrics.ts';
import { keyRingHolder } from '../../tokens/key-ring.ts';
import { sseReader } from '../../../../tests/support/api/sse-reader.ts';
import { seedReview } from '../../../../tests/support/api/seed-review.ts';
import { supervisorSession } from '../../../../tests/support/api/supervisor-sign-in.ts';
import {
  serviceToken,
  startTestApi,
  type TestApi,
} from '../../../../tests/support/api/test-api.ts';
import { placedCall, reportEvent, startSession } from '../../../../tests/support/api/visitor.ts';

let api: TestApi;
let cookie: string;
beforeAll(async () => {
  api = await startTestApi();
  await seedReview(api);
  ({ cookie } = await supervisorSession(api));
}, 60_000);
afterAll(() => api.close());

interface QueuesMessage {
  at: string;
  full: boolean;
  queues: { key: string; html: string }[];
}
const queue = 'acme/support-en';
const callsIn = (message: QueuesMessage) => {
  const html = message.queues.find((q) => q.key === queue)?.html ?? '';
  return [...html.matchAll(/data-call-id="([^"]+)" data-phase="([a-z]+)"/g)].map(
    ([, id, phase]) => `${id}:${phase}`,
  );
};

describe('the live view', () => {
  it('is for signed-in supervisors only', async () => {
    const page = await api.app.request('/supervisor/live');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/supervisor/login');
    expect((await api.app.request('/supervisor/live/events')).status).toBe(401);
  });

  it('shows the queues at load, and runs only its own script', async () => {
    const page = await api.app.request('/supervisor/live', { headers: { cookie } });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain(`data-queue="${queue}"`);
    expect(text).toContain('English Technical Support');
    expect(text).toContain('<script src="/supervisor/live/view.js" defer></script>');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toContain("unsafe-inline'; script");
    // The review page still runs no script at all.
    const review = await api.app.request('/supervisor', { headers: { cookie } });
    expect(review.headers.get('content-security-policy')).not.toContain('script-src');
    const script = await api.app.request('/supervisor/live/view.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("new EventSource('/supervisor/live/events')");
  });

  it('streams a call from waiting to talking to gone, from its own events', async () => {
    const res = await api.app.request('/supervisor/live/events', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream = sseReader(res.body!);
    try {
      const next = async () => {
        const event = await stream.next();
        expect(event.event).toBe('queues');
        return JSON.parse(event.data) as QueuesMessage;
      };
      const first = await next();
      expect(first.full).toBe(true);
      expect(callsIn(first)).toEqual([]);

      const session = await startSession(api, '198.51.100.77');
      const callId = await placedCall(api, session, { ip: '198.51.100.77' });
      const waiting = await next();
      expect(waiting.full).toBe(false);
      expect(waiting.queues.map((q) => q.key)).toEqual([queue]);
      expect(callsIn(waiting)).toEqual([`${callId}:connecting`]);
      // Nothing of the visitor's session travels to the supervisor.
      const { sessionId } = (await api.repo.getCall(callId))!;
      expect(JSON.stringify(waiting)).not.toContain(sessionId);

      // Without its script, the page shows the call as it stands at load.
      const page = await api.app.request('/supervisor/live', { headers: { cookie } });
      expect(await page.text()).toContain(`data-call-id="${callId}" data-phase="connecting"`);

      await reportEvent(api, callId, 'ringing', {});
      expect(callsIn(await next())).toEqual([`${callId}:ringing`]);
      await reportEvent(api, callId, 'answered', { codec: 'opus' });
      expect(callsIn(await next())).toEqual([`${callId}:talking`]);
      await reportEvent(api, callId, 'ended', { reason: 'visitor_hung_up', durationS: 5 });
      expect(callsIn(await next())).toEqual([]);
    } finally {
      await stream.close();
    }
  });

  it("shows a second API instance's supervisors the calls whose events reached the first", async () => {
    // Another instance on the same database: it receives no event of this call.
    const second = createApp(
      {
        repo: api.repo,
        sites: api.sites,
        keys: keyRingHolder(api.keys),
        captcha: hcaptchaVerifier(),
        logger: pino({ level: 'silent' }),
        metrics: createMetrics(),
        now: () => api.clock.now,
      },
      { version: '9.9.9', serviceToken, secureCookies: true },
    );
    const res = await second.request('/supervisor/live/events', { headers: { cookie } });
    const stream = sseReader(res.body!);
    try {
      const next = async () => JSON.parse((await stream.next()).data) as QueuesMessage;
      expect(callsIn(await next())).toEqual([]);
      const session = await startSession(api, '198.51.100.78');
      const callId = await placedCall(api, session, { ip: '198.51.100.78' });
      expect(callsIn(await next())).toEqual([`${callId}:connecting`]);
      await reportEvent(api, callId, 'ended', { reason: 'visitor_hung_up', durationS: 0 });
      expect(callsIn(await next())).toEqual([]);
    } finally {
      await stream.close();
    }
  });
});

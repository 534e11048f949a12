import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicSiteConfigSchema } from '../../../protocol/api/public-site-config.ts';
import { SessionSchema } from '../../../protocol/api/session.ts';
import {
  fromIp,
  startTestApi,
  tableCounts,
  type TestApi,
} from '../../../tests/support/api/test-api.ts';
import { post, visitorIp } from '../../../tests/support/api/visitor.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi((file) => {
    file.sites.acme!.limits.sessionsPerIpPerMinute = 3;
    file.sites.acme!.theme.checkColor = '#ffd54f';
  });
}, 60_000);
afterAll(() => api.close());

const body = (captchaResponse: string) => ({ siteId: 'acme', captchaResponse });

describe('GET /v1/sites/{siteId}/config', () => {
  it('gives the widget what it shows, and no secret', async () => {
    const res = await api.app.request('/v1/sites/acme/config');
    expect(res.status).toBe(200);
    const config = await res.json();
    expect(config).toMatchObject({
      siteId: 'acme',
      captchaSiteKey: '10000000-ffff-ffff-ffff-000000000001',
      languages: ['en', 'es', 'fr', 'de'],
      fallbackNumbers: { US: '+17139293714' },
      fallbackPhones: [
        {
          country: 'US',
          e164: '+17139293714',
          national: '(713) 929-3714',
          international: '+1 713 929 3714',
        },
      ],
      captchaScriptUrl: 'https://js.hcaptcha.com/1/api.js',
      callingCodes: { US: '1', GB: '44', ES: '34', FR: '33', DE: '49' },
    });
    expect(JSON.stringify(config)).not.toMatch(/secret|0x0000|sip:/);
    // In the contract's shape, with the theme's header colour the site set (and none it did not).
    expect(PublicSiteConfigSchema.parse(config).theme).toEqual({
      primaryColor: '#0b5cad',
      position: 'bottom-right',
      textColor: '#ffffff',
      checkColor: '#ffd54f',
    });
  });

  it('answers 404 for an unknown site and 400 for a malformed id', async () => {
    expect(await (await api.app.request('/v1/sites/nope/config')).json()).toEqual({
      code: 'site_not_found',
      message: 'No site nope',
    });
    const bad = await api.app.request('/v1/sites/NOPE!/config');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid_request', message: /siteId/ });
  });
});

describe('POST /v1/sessions', () => {
  it('issues a session after the captcha passes, sending the visitor IP to siteverify', async () => {
    api.siteverify.pass('good-1');
    const res = await post(api, '/v1/sessions', body('good-1'), { ip: '203.0.113.1' });
    expect(res.status).toBe(201);
    const session = SessionSchema.parse(await res.json());
    expect(Date.parse(session.expiresAt) - api.clock.now.getTime()).toBe(15 * 60_000);
    expect(api.siteverify.requests.at(-1)).toMatchObject({
      response: 'good-1',
      remoteip: '203.0.113.1',
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.acme.example');
  });

  it.each([
    [
      'a wrong type',
      { siteId: 'acme', captchaResponse: 7 },
      400,
      'invalid_request',
      /captchaResponse/,
    ],
    [
      'an unknown field',
      { ...body('x'), admin: true },
      400,
      'invalid_request',
      /Unrecognized key: "admin"/,
    ],
    ['a missing field', { siteId: 'acme' }, 400, 'invalid_request', /captchaResponse/],
    ['malformed JSON', '{"siteId":', 400, 'invalid_json', /Malformed JSON/],
    [
      'an oversize body',
      { siteId: 'acme', captchaResponse: 'x'.repeat(20_000) },
      413,
      'payload_too_large',
      /too large/,
    ],
    [
      'an unknown site',
      { siteId: 'globex', captchaResponse: 'x' },
      404,
      'site_not_found',
      /globex/,
    ],
    ['a captcha never solved', body('made-up'), 403, 'captcha_failed', /invalid-input-response/],
  ])('refuses %s, storing nothing', async (_what, payload, status, code, message) => {
    const before = await tableCounts(api.repo);
    const res = await post(api, '/v1/sessions', payload, { ip: '203.0.113.2' });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ code, message: expect.stringMatching(message) });
    expect(await tableCounts(api.repo)).toEqual(before);
  });

  it('refuses a replayed captcha response', async () => {
    api.siteverify.pass('good-2');
    expect((await post(api, '/v1/sessions', body('good-2'), { ip: '203.0.113.3' })).status).toBe(
      201,
    );
    const replay = await post(api, '/v1/sessions', body('good-2'), { ip: '203.0.113.3' });
    expect(replay.status).toBe(403);
    expect(await replay.json()).toMatchObject({ code: 'captcha_failed', message: /already-seen/ });
  });

  it('refuses a wrong or missing origin before asking siteverify', async () => {
    const asked = api.siteverify.requests.length;
    for (const origin of ['https://evil.example', undefined]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (origin) headers.origin = origin;
      const res = await api.app.request(
        '/v1/sessions',
        { method: 'POST', headers, body: JSON.stringify(body('x')) },
        fromIp(visitorIp),
      );
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('origin_not_allowed');
    }
    expect(api.siteverify.requests.length).toBe(asked);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await api.app.request(
      '/v1/sessions',
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'siteId=acme' },
      fromIp(visitorIp),
    );
    expect(res.status).toBe(415);
    expect((await res.json()).code).toBe('unsupported_media_type');
  });

  it('maps siteverify timing out or failing to 503 captcha_unavailable', async () => {
    // The stand-in never answers when it hangs: any bound is reached, so a short one.
    const captcha = api.sites.get('acme')!.captcha;
    const bound = captcha.timeoutMs;
    captcha.timeoutMs = 300;
    try {
      for (const mode of ['hang', 'error500'] as const) {
        api.siteverify.mode = mode;
        const res = await post(api, '/v1/sessions', body('x'), { ip: '203.0.113.4' });
        expect(res.status).toBe(503);
        expect((await res.json()).code).toBe('captcha_unavailable');
      }
    } finally {
      api.siteverify.mode = 'normal';
      captcha.timeoutMs = bound;
    }
  });

  it('limits sessions per IP with 429 and Retry-After, without asking siteverify', async () => {
    const ip = '203.0.113.99';
    for (let i = 0; i < 3; i++) {
      api.siteverify.pass(`rate-${i}`);
      expect((await post(api, '/v1/sessions', body(`rate-${i}`), { ip })).status).toBe(201);
    }
    const asked = api.siteverify.requests.length;
    api.siteverify.pass('rate-3');
    const res = await post(api, '/v1/sessions', body('rate-3'), { ip });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('20');
    expect(await res.json()).toEqual({
      code: 'rate_limited',
      message: 'Too many sessions per address; try again later',
    });
    expect(api.siteverify.requests.length).toBe(asked);
    // Another address is not affected.
    expect((await post(api, '/v1/sessions', body('rate-3'), { ip: '203.0.113.98' })).status).toBe(
      201,
    );
  });

  it('counts an IPv6 visitor by its /64: a new address from the same /64 gets no new budget', async () => {
    const inBlock = (n: number) => `2001:db8:77:1::${n.toString(16)}`;
    for (let i = 0; i < 3; i++) {
      api.siteverify.pass(`v6-${i}`);
      const res = await post(api, '/v1/sessions', body(`v6-${i}`), { ip: inBlock(i + 1) });
      expect(res.status).toBe(201);
    }
    api.siteverify.pass('v6-3');
    const fourth = await post(api, '/v1/sessions', body('v6-3'), { ip: inBlock(0xbeef) });
    expect(fourth.status).toBe(429);
    // The neighbouring /64 is another subscriber.
    const other = await post(api, '/v1/sessions', body('v6-3'), { ip: '2001:db8:77:2::1' });
    expect(other.status).toBe(201);
  });

  it('answers a CORS preflight only for an allowed origin', async () => {
    const preflight = (origin: string) =>
      api.app.request('/v1/sessions', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('https://www.acme.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.acme.example');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ProbeTokenError } from '../../../protocol/probe-token-verification.ts';
import type { ProbeTokenClaims } from '../../../protocol/probe-token.ts';
import type { ConnectionTestEngine, OpenConnectionTestOptions } from '../media-engine.ts';
import { connectionTestRoutes } from './connection-test-routes.ts';

const widgetOrigin = 'https://widget.example';
const claims: ProbeTokenClaims = {
  iss: 'click-to-call-api',
  aud: 'media',
  sub: 'acme',
  jti: 'jti-12345678',
  iat: 0,
  exp: 60,
  scope: 'connection-test',
};

/** The routes over a fake engine and token check; tokens name their fate ("good", "expired"...). */
function setUp({ maxConcurrent = 5, draining = (): boolean => false } = {}) {
  const opened: OpenConnectionTestOptions[] = [];
  const engine: ConnectionTestEngine = {
    async openConnectionTest(options) {
      if (options.browserOfferSdp.includes('audio-only')) {
        throw Object.assign(new Error('offer has no data channel'), { code: 'sdp_no_datachannel' });
      }
      opened.push(options);
      return { answerSdp: 'v=0 answer', echoChannelId: 0, close: () => undefined };
    },
  };
  const logs: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString()), done()) }),
  );
  const app = connectionTestRoutes({
    engine,
    verifyToken: async (token) => {
      if (token?.startsWith('good')) return claims;
      if (token === 'call-token') throw new ProbeTokenError('token_wrong_type', 'not a probe');
      throw new ProbeTokenError('token_expired', 'probe token expired');
    },
    allowedOrigins: [widgetOrigin],
    maxConcurrent,
    draining,
    logger,
  });
  const post = (
    token: string | undefined,
    body: unknown = { sdp: 'v=0 offer' },
    headers: Record<string, string> = {},
  ) =>
    app.request('/v1/connection-tests', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: widgetOrigin,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { app, opened, logs, post };
}

describe('POST /v1/connection-tests at the gateway', () => {
  it('opens a test for a good probe token and answers the offer, readable by the widget', async () => {
    const { opened, post } = setUp();
    const res = await post('good-1');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ sdp: 'v=0 answer', echoChannelId: 0 });
    expect(res.headers.get('access-control-allow-origin')).toBe(widgetOrigin);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ browserOfferSdp: 'v=0 offer', probeChannelId: 0 });
    expect(opened[0]!.maxLifetimeMs).toBeLessThanOrEqual(10_000);
  });

  it('answers the CORS preflight for allowed origins only', async () => {
    const { app } = setUp();
    const preflight = (origin: string) =>
      app.request('/v1/connection-tests', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight(widgetOrigin);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(widgetOrigin);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
    expect(
      (await preflight('https://evil.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it.each([
    ['no token', undefined, {}, 401, 'token_missing'],
    ['an expired token', 'expired', {}, 401, 'token_expired'],
    ['a call token', 'call-token', {}, 403, 'token_wrong_type'],
    ['another origin', 'good-2', { origin: 'https://evil.example' }, 403, 'origin_not_allowed'],
    ['a form body', 'good-3', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
  ])('refuses %s and opens nothing', async (_name, token, headers, status, code) => {
    const { opened, post } = setUp();
    const res = await post(token, undefined, headers);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ code });
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(opened).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{sdp:'],
    ['no sdp', { offer: 'v=0' }],
    ['extra fields', { sdp: 'v=0', candidates: [] }],
    ['an empty sdp', { sdp: '' }],
  ])('refuses a body with %s (400) without using the token up', async (_name, body) => {
    const { opened, post } = setUp();
    const res = await post('good-4', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid_request' });
    expect(opened).toHaveLength(0);
  });

  it('refuses an oversized offer (413) and an offer without a data channel (400)', async () => {
    const { opened, post } = setUp();
    expect((await post('good-5', { sdp: 'a'.repeat(64 * 1024) })).status).toBe(413);
    const noChannel = await post('good-6', { sdp: 'audio-only' });
    expect(noChannel.status).toBe(400);
    expect(await noChannel.json()).toMatchObject({ code: 'sdp_no_datachannel' });
    expect(opened).toHaveLength(0);
  });

  it('answers 503 beyond the concurrent tests, and takes new ones once tests end', async () => {
    const { opened, post } = setUp({ maxConcurrent: 2 });
    expect((await post('good-7')).status).toBe(201);
    expect((await post('good-8')).status).toBe(201);
    const busy = await post('good-9');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBeTruthy();
    opened[0]!.onEnded('browser_closed');
    expect((await post('good-10')).status).toBe(201);
  });

  it('refuses tests while the gateway drains (503, readable by the widget)', async () => {
    let draining = false;
    const { opened, post } = setUp({ draining: () => draining });
    draining = true;
    const refused = await post('good-12');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'draining' });
    expect(refused.headers.get('access-control-allow-origin')).toBe(widgetOrigin);
    expect(opened).toHaveLength(0);
    draining = false;
    expect((await post('good-13')).status).toBe(201);
  });

  it('never logs a token', async () => {
    const { logs, post } = setUp();
    for (const token of ['good-secret-11', 'expired', 'call-token']) await post(token);
    await post('good-secret-12', { sdp: 'audio-only' });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toMatch(/good-secret|call-token|Bearer/);
  });
});

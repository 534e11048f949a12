import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionTestGrantSchema } from '../../../protocol/api/connection-test.ts';
import {
  gatewayCallTokenVerifier,
  gatewayProbeTokenVerifier,
} from '../../../tests/support/api/gateway-verifiers.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import {
  bearer,
  post,
  reportCreated,
  startCall,
  startSession,
} from '../../../tests/support/api/visitor.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi((file) => {
    const acme = file.sites.acme!;
    acme.media.gatewayUrl = 'wss://media.acme.example:8443/sip';
    acme.limits = { ...acme.limits, connectionTestsPerIpPerMinute: 3, callsPerIpPerMinute: 100 };
  });
}, 60_000);
afterAll(() => api.close());

const grant = (session: string | undefined, ip: string, headers: Record<string, string> = {}) =>
  post(api, '/v1/connection-tests', '', {
    ip,
    headers: { ...(session ? bearer(session) : {}), ...headers },
  });

describe('POST /v1/connection-tests', () => {
  it('grants a short-lived probe token the gateway accepts, for the site’s gateway', async () => {
    const ip = '198.51.100.60';
    const res = await grant(await startSession(api, ip), ip);
    expect(res.status).toBe(201);
    const body = ConnectionTestGrantSchema.parse(await res.json());
    expect(body.testUrl).toBe('https://media.acme.example:8443/v1/connection-tests');
    const verify = gatewayProbeTokenVerifier(api);
    const claims = await verify(body.probeToken);
    expect(claims).toMatchObject({ sub: 'acme', aud: 'media', scope: 'connection-test' });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(60);
    expect(Date.parse(body.expiresAt)).toBe(claims.exp * 1000);
    // Single use at the gateway.
    await expect(verify(body.probeToken)).rejects.toMatchObject({ code: 'token_replayed' });
  });

  it('issues a token of its own kind: never a call token, nor a call token a probe token', async () => {
    const ip = '198.51.100.61';
    const session = await startSession(api, ip);
    const { probeToken } = (await (await grant(session, ip)).json()) as { probeToken: string };
    // Signed by the same key for the same audience: only the claims tell the kinds apart.
    await expect(gatewayCallTokenVerifier(api)(probeToken)).rejects.toMatchObject({
      code: 'token_invalid',
    });
    const { callToken } = await startCall(api, session, { ip });
    await expect(gatewayProbeTokenVerifier(api)(callToken)).rejects.toMatchObject({
      code: 'token_wrong_type',
    });
  });

  it('refuses without a valid session, from another address or another origin', async () => {
    const ip = '198.51.100.62';
    const session = await startSession(api, ip);
    const cases: [string, Response | Promise<Response>, number, string][] = [
      ['no session', grant(undefined, ip), 401, 'unauthorized'],
      ['a garbage session', grant('not-a-session', ip), 401, 'session_invalid'],
      ['another address', grant(session, '198.51.100.63'), 403, 'session_ip_mismatch'],
      [
        'another origin',
        grant(session, ip, { origin: 'https://evil.example' }),
        403,
        'origin_not_allowed',
      ],
      [
        'a form post',
        grant(session, ip, { 'content-type': 'text/plain' }),
        415,
        'unsupported_media_type',
      ],
    ];
    for (const [what, response, status, code] of cases) {
      const res = await response;
      expect(res.status, what).toBe(status);
      expect((await res.json()).code, what).toBe(code);
    }
  });

  it('limits tests per address with 429 and Retry-After', async () => {
    const ip = '198.51.100.64';
    const session = await startSession(api, ip);
    for (let i = 0; i < 3; i++) expect((await grant(session, ip)).status).toBe(201);
    const limited = await grant(session, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another visitor is not held back by this one.
    const other = '198.51.100.65';
    expect((await grant(await startSession(api, other), other)).status).toBe(201);
  });

  it('keeps probe tokens out of the logs', async () => {
    const ip = '198.51.100.66';
    const { probeToken } = (await (await grant(await startSession(api, ip), ip)).json()) as {
      probeToken: string;
    };
    expect(api.logs.join('\n')).not.toContain(probeToken);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await api.app.request('/openapi.json')).json();
    expect(doc.paths['/v1/connection-tests'].post.responses).toHaveProperty('201');
  });
});

describe('the call record keeps the connection test', () => {
  it('stores the figures and the transport the widget measured', async () => {
    const ip = '198.51.100.67';
    const session = await startSession(api, ip);
    const connectionTest = {
      verdict: 'acceptable',
      rttMs: 101.2,
      jitterMs: 13.9,
      lossPct: 5.8,
      transport: 'tcp',
    };
    const res = await post(
      api,
      '/v1/calls',
      { routing: { intent: 'support', language: 'en', country: 'US' }, connectionTest },
      { ip, headers: bearer(session) },
    );
    expect(res.status).toBe(201);
    const { callId, callToken } = (await res.json()) as { callId: string; callToken: string };
    // The figures travel in the call token, and land on the record media's created event makes.
    await reportCreated(api, callToken);
    expect((await api.repo.getCall(callId))?.connectionTest).toEqual(connectionTest);
    const bad = await post(
      api,
      '/v1/calls',
      {
        routing: { intent: 'support', language: 'en', country: 'US' },
        connectionTest: { ...connectionTest, transport: 'sctp' },
      },
      { ip, headers: bearer(session) },
    );
    expect(bad.status).toBe(400);
  });
});

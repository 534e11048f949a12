import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallGrantSchema } from '../../../protocol/api/call-request.ts';
import { CallTokenClaimsSchema } from '../../../protocol/call-token.ts';
import { gatewayCallTokenVerifier } from '../../../tests/support/api/gateway-verifiers.ts';
import { startTestApi, tableCounts, type TestApi } from '../../../tests/support/api/test-api.ts';
import {
  bearer,
  placedCall,
  post,
  reportCreated,
  reportEvent,
  startCall,
  startSession,
  supportEn,
} from '../../../tests/support/api/visitor.ts';
import { sessionAudience, sessionIssuer } from '../tokens/session-token.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi((file) => {
    const acme = file.sites.acme!;
    acme.limits = {
      ...acme.limits,
      callsPerIpPerMinute: 1000,
      concurrentCallsPerIp: 2,
      callsPerSession: 3,
    };
  });
}, 60_000);
afterAll(() => api.close());

const call = (session: string, body: unknown, ip?: string) =>
  post(api, '/v1/calls', body, { ip, headers: bearer(session) });

describe('POST /v1/calls', () => {
  it('grants a call: a token media accepts, carrying what its record needs; nothing stored', async () => {
    const session = await startSession(api);
    const before = await tableCounts(api.repo);
    const res = await call(session, {
      routing: { intent: 'support', language: 'es', country: 'ES' },
    });
    expect(res.status).toBe(201);
    const grant = CallGrantSchema.parse(await res.json());
    expect(grant.queueDisplayName).toBe('Atención al cliente');
    const claims = await gatewayCallTokenVerifier(api)(grant.callToken);
    expect(CallTokenClaimsSchema.parse(claims)).toMatchObject({
      sub: 'acme',
      callId: grant.callId,
      queue: {
        name: 'general-es',
        uri: 'sip:queue-general-es@127.0.0.1:5060',
        displayName: 'Atención al cliente',
      },
      routing: { intent: 'support', language: 'es', country: 'ES' },
      headers: { 'X-Language': 'es' },
    });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(120);
    // The session the record will be tied to (ratings, callbacks): the session token's id.
    expect(claims.sid).toMatch(/^[\w-]{22}$/);
    expect(claims.connectionTest).toBeUndefined();
    expect(await tableCounts(api.repo)).toEqual(before);
    const jwks = await (await api.app.request('/.well-known/jwks.json')).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('offers a callback, storing nothing, when the queue is closed', async () => {
    api.clock.now = new Date('2026-11-26T18:00:00Z'); // Thanksgiving: sales is closed
    try {
      const session = await startSession(api, '198.51.100.30');
      const before = await tableCounts(api.repo);
      const res = await call(
        session,
        { routing: { ...supportEn, intent: 'sales' } },
        '198.51.100.30',
      );
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({
        kind: 'callback',
        reason: 'closed',
        queue: 'sales-en',
        fallbackNumber: '+17139293714',
        openingHours: expect.objectContaining({ nextOpening: '2026-11-27T14:00:00.000Z' }),
      });
      expect(await tableCounts(api.repo)).toEqual(before);
    } finally {
      api.clock.now = new Date('2026-11-02T15:00:00Z');
    }
  });

  it('refuses bad input and bad sessions with precise errors, storing nothing', async () => {
    const session = await startSession(api, '198.51.100.31');
    const sign = (
      claims: Record<string, unknown>,
      key: CryptoKey | Uint8Array = api.keys.sessionKey,
    ) =>
      new SignJWT({ jti: 'session-forged-1', sub: 'acme', ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(Math.floor(api.clock.now.getTime() / 1000) - 3600)
        .sign(key);
    const expired = await sign({
      iss: sessionIssuer,
      aud: sessionAudience,
      exp: Math.floor(api.clock.now.getTime() / 1000) - 60,
    });
    const wrongAudience = await sign({
      iss: sessionIssuer,
      aud: 'media',
      exp: Math.floor(api.clock.now.getTime() / 1000) + 60,
    });
    const forged = await sign(
      {
        iss: sessionIssuer,
        aud: sessionAudience,
        exp: Math.floor(api.clock.now.getTime() / 1000) + 60,
      },
      new TextEncoder().encode('a guessed secret of 32 bytes....'),
    );
    const { callToken } = await startCall(api, session, { ip: '198.51.100.31' });
    const cases: [string, Record<string, string>, unknown, number, string, RegExp?][] = [
      ['no token', {}, { routing: supportEn }, 401, 'unauthorized'],
      ['an expired session', bearer(expired), { routing: supportEn }, 401, 'session_expired'],
      ['a forged session', bearer(forged), { routing: supportEn }, 401, 'session_invalid'],
      [
        'a wrong-audience token',
        bearer(wrongAudience),
        { routing: supportEn },
        401,
        'session_invalid',
      ],
      [
        'a call token as session',
        bearer(callToken),
        { routing: supportEn },
        401,
        'session_invalid',
      ],
      [
        'a wrong type',
        bearer(session),
        { routing: { ...supportEn, country: 1 } },
        400,
        'invalid_request',
        /routing\.country/,
      ],
      [
        'an unknown field',
        bearer(session),
        { routing: supportEn, queue: 'sip:evil@x' },
        400,
        'invalid_request',
        /"queue"/,
      ],
      [
        'an intent not offered',
        bearer(session),
        { routing: { ...supportEn, intent: 'hacking' } },
        422,
        'routing_not_offered',
        /intent "hacking"/,
      ],
      [
        'a bad connection test',
        bearer(session),
        { routing: supportEn, connectionTest: { verdict: 'great' } },
        400,
        'invalid_request',
        /connectionTest/,
      ],
    ];
    for (const [what, headers, body, status, code, message] of cases) {
      const before = await tableCounts(api.repo);
      const res = await post(api, '/v1/calls', body, { ip: '198.51.100.31', headers });
      expect(res.status, what).toBe(status);
      const error = await res.json();
      expect(error.code, what).toBe(code);
      if (message) expect(error.message, what).toMatch(message);
      expect(await tableCounts(api.repo), what).toEqual(before);
    }
  });

  it('refuses a session used from another address, or from another origin', async () => {
    const session = await startSession(api, '198.51.100.32');
    const before = await tableCounts(api.repo);
    const moved = await call(session, { routing: supportEn }, '198.51.100.33');
    expect(moved.status).toBe(403);
    expect((await moved.json()).code).toBe('session_ip_mismatch');
    const elsewhere = await post(
      api,
      '/v1/calls',
      { routing: supportEn },
      {
        ip: '198.51.100.32',
        headers: { ...bearer(session), origin: 'https://evil.example' },
      },
    );
    expect(elsewhere.status).toBe(403);
    expect((await elsewhere.json()).code).toBe('origin_not_allowed');
    expect(await tableCounts(api.repo)).toEqual(before);
  });

  it('limits calls in progress per address with 429 and frees the slot when media ends one', async () => {
    const ip = '198.51.100.40';
    const first = await placedCall(api, await startSession(api, ip), { ip });
    await startCall(api, await startSession(api, ip), { ip });
    const third = await startSession(api, ip);
    const before = await tableCounts(api.repo);
    const refused = await call(third, { routing: supportEn }, ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({
      code: 'rate_limited',
      message: 'Too many calls in progress from this address; try again later',
    });
    expect(await tableCounts(api.repo)).toEqual(before);
    await reportEvent(api, first, 'ended', { reason: 'media_failed', durationS: 0 });
    expect((await call(third, { routing: supportEn }, ip)).status).toBe(201);
  });

  it("frees the slot when media's ended arrives before the call's created, for good", async () => {
    // Each event may reach another API instance: the `created` can be the later one.
    const ip = '198.51.100.45';
    const first = await startCall(api, await startSession(api, ip), { ip });
    await placedCall(api, await startSession(api, ip), { ip });
    const third = await startSession(api, ip);
    expect((await call(third, { routing: supportEn }, ip)).status).toBe(429);
    const ended = await reportEvent(api, first.callId, 'ended', {
      reason: 'media_failed',
      durationS: 0,
    });
    expect(ended.status).toBe(202);
    expect(await api.repo.getCall(first.callId)).toBeUndefined();
    await reportCreated(api, first.callToken);
    expect(await api.repo.getCall(first.callId)).toMatchObject({
      status: 'ended',
      endReason: 'media_failed',
    });
    expect((await call(third, { routing: supportEn }, ip)).status).toBe(201);
  });

  it('lets one session obtain a bounded number of call tokens (replays refused)', async () => {
    const ip = '198.51.100.50';
    const session = await startSession(api, ip);
    for (let i = 0; i < 3; i++) {
      const callId = await placedCall(api, session, { ip });
      await reportEvent(api, callId, 'ended', { reason: 'media_failed', durationS: 0 });
    }
    const before = await tableCounts(api.repo);
    const replay = await call(session, { routing: supportEn }, ip);
    expect(replay.status).toBe(403);
    expect((await replay.json()).code).toBe('session_exhausted');
    expect(await tableCounts(api.repo)).toEqual(before);
  });

  it('holds the limits for a burst of requests arriving together', async () => {
    // Tokens are signed while other requests are being handled: a call must count from its
    // checks on, or a burst would pass them all at once.
    const ip = '198.51.100.60';
    const session = await startSession(api, ip);
    const burst = await Promise.all(
      Array.from({ length: 6 }, () => call(session, { routing: supportEn }, ip)),
    );
    expect(burst.map((res) => res.status).sort()).toEqual([201, 201, 429, 429, 429, 429]);
    for (const res of burst.filter((r) => r.status === 201)) {
      const callId = await reportCreated(api, CallGrantSchema.parse(await res.json()).callToken);
      await reportEvent(api, callId, 'ended', { reason: 'media_failed', durationS: 0 });
    }
    const next = await Promise.all(
      Array.from({ length: 3 }, () => call(session, { routing: supportEn }, ip)),
    );
    // One call left of the session's three, though the address would allow two.
    expect(next.map((res) => res.status).sort()).toEqual([201, 403, 403]);
  });

  it('gives the call back to the session when its token could not be signed', async () => {
    const strict = await startTestApi((file) => {
      const acme = file.sites.acme!;
      acme.limits = { ...acme.limits, callsPerSession: 1, concurrentCallsPerIp: 1 };
    });
    try {
      const ip = '192.0.2.30';
      const session = await startSession(strict, ip);
      // A key Ed25519 cannot sign with: the signing thread fails this token.
      const signingKey = strict.keys.signingKey;
      strict.keys.signingKey = () => ({ kid: 'broken', key: createSecretKey(Buffer.alloc(32)) });
      const failed = await post(
        strict,
        '/v1/calls',
        { routing: supportEn },
        {
          ip,
          headers: bearer(session),
        },
      );
      expect(failed.status).toBe(500);
      strict.keys.signingKey = signingKey;
      // Both limits are 1: the failed grant used up neither.
      const { callToken } = await startCall(strict, session, { ip });
      const claims = await gatewayCallTokenVerifier(strict)(callToken);
      expect(claims.sid).toBeDefined();
    } finally {
      await strict.close();
    }
  }, 60_000);

  it('limits call tokens per site per minute', async () => {
    const limited = await startTestApi((file) => {
      file.sites.acme!.limits = { ...file.sites.acme!.limits, callsPerSitePerMinute: 1 };
    });
    try {
      await startCall(limited, await startSession(limited, '192.0.2.1'), { ip: '192.0.2.1' });
      const session = await startSession(limited, '192.0.2.2');
      const res = await post(
        limited,
        '/v1/calls',
        { routing: supportEn },
        { ip: '192.0.2.2', headers: bearer(session) },
      );
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('60');
      expect((await res.json()).message).toBe('Too many calls per site; try again later');
    } finally {
      await limited.close();
    }
  }, 60_000);
});

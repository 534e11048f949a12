import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceToken, startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import {
  callTokenClaims,
  placedCall,
  post,
  reportEvent,
  startCall,
  startSession,
} from '../../../tests/support/api/visitor.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

describe('POST /v1/internal/call-events', () => {
  it('stores the life of a call reported by media, once per event', async () => {
    const session = await startSession(api);
    const connectionTest = {
      verdict: 'acceptable' as const,
      lossPct: 1.5,
      rttMs: 80,
      jitterMs: 12,
    };
    const grant = await post(
      api,
      '/v1/calls',
      { routing: { intent: 'support', language: 'es', country: 'ES' }, connectionTest },
      { headers: { authorization: `Bearer ${session}` } },
    );
    const { callId, callToken } = (await grant.json()) as { callId: string; callToken: string };
    // Granting the token stores nothing: the record comes with media's created event.
    expect(await api.repo.getCall(callId)).toBeUndefined();
    const claims = callTokenClaims(callToken);
    expect((await reportEvent(api, callId, 'created', { claims })).status).toBe(202);
    expect(await api.repo.getCall(callId)).toMatchObject({
      status: 'created',
      siteId: 'acme',
      queue: 'general-es',
      queueDisplayName: 'Atención al cliente',
      routing: { intent: 'support', language: 'es', country: 'ES' },
      createdAt: api.clock.now,
      connectionTest,
    });
    expect((await reportEvent(api, callId, 'ringing', {})).status).toBe(202);
    const answeredId = randomUUID();
    const answered = { codec: 'opus', agentName: 'Gloria Mcgee' };
    expect((await reportEvent(api, callId, 'answered', answered, answeredId)).status).toBe(202);
    const retry = await reportEvent(api, callId, 'answered', answered, answeredId);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ outcome: 'duplicate' });
    const quality = { mos: 4.1, lossPct: 0.4, jitterMs: 9, rttMs: 70 };
    const ended = await reportEvent(api, callId, 'ended', {
      reason: 'agent_hung_up',
      durationS: 48,
      quality,
    });
    expect(ended.status).toBe(202);
    expect(await api.repo.getCall(callId)).toMatchObject({
      status: 'ended',
      codec: 'opus',
      agentName: 'Gloria Mcgee',
      endReason: 'agent_hung_up',
      durationS: 48,
      connectionTest,
      quality,
    });
  });

  it('refuses callers without the service token and bad events, changing nothing', async () => {
    const callId = await placedCall(api, await startSession(api, '198.51.100.77'), {
      ip: '198.51.100.77',
    });
    const event = {
      eventId: randomUUID(),
      callId,
      at: api.clock.now.toISOString(),
      type: 'ringing',
    };
    const other = await startCall(api, await startSession(api, '198.51.100.78'), {
      ip: '198.51.100.78',
    });
    const otherClaims = callTokenClaims(other.callToken);
    const send = (body: unknown, authorization?: string) =>
      post(api, '/v1/internal/call-events', body, {
        headers: authorization ? { authorization } : {},
      });
    const cases: [string, () => Response | Promise<Response>, number, string, RegExp?][] = [
      ['no token', () => send(event), 401, 'unauthorized'],
      ['a wrong token', () => send(event, `Bearer ${'x'.repeat(40)}`), 401, 'unauthorized'],
      [
        'a token with a bad body',
        () => send({ nonsense: true }, 'Bearer nope'),
        401,
        'unauthorized',
      ],
      [
        'an unknown type',
        () => send({ ...event, type: 'exploded' }, `Bearer ${serviceToken}`),
        400,
        'invalid_request',
        /type/,
      ],
      [
        'an unknown field',
        () => send({ ...event, extra: 1 }, `Bearer ${serviceToken}`),
        400,
        'invalid_request',
        /"extra"/,
      ],
      [
        'a negative duration',
        () =>
          send(
            { ...event, type: 'ended', reason: 'media_failed', durationS: -1 },
            `Bearer ${serviceToken}`,
          ),
        400,
        'invalid_request',
        /durationS/,
      ],
      [
        'created without the claims',
        () => send({ ...event, type: 'created' }, `Bearer ${serviceToken}`),
        400,
        'invalid_request',
        /claims/,
      ],
      [
        "created with another call's claims",
        () => send({ ...event, type: 'created', claims: otherClaims }, `Bearer ${serviceToken}`),
        400,
        'invalid_request',
        /callId/,
      ],
      [
        'created with claims lacking the session',
        () =>
          send(
            {
              ...event,
              callId: other.callId,
              type: 'created',
              claims: { ...otherClaims, sid: undefined },
            },
            `Bearer ${serviceToken}`,
          ),
        400,
        'invalid_request',
        /sid/,
      ],
    ];
    for (const [what, run, status, code, message] of cases) {
      const res = await run();
      expect(res.status, what).toBe(status);
      const error = await res.json();
      expect(error.code, what).toBe(code);
      if (message) expect(error.message, what).toMatch(message);
      expect((await api.repo.getCall(callId))?.status, what).toBe('created');
      expect(await api.repo.getCall(other.callId), what).toBeUndefined();
    }
  });

  it('refuses everyone when no service token is configured', async () => {
    const closed = await startTestApi(undefined, { serviceToken: undefined });
    try {
      const res = await post(
        closed,
        '/v1/internal/call-events',
        {},
        { headers: { authorization: `Bearer ${serviceToken}` } },
      );
      expect(res.status).toBe(401);
    } finally {
      await closed.close();
    }
  }, 60_000);
});

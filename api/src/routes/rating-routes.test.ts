import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RatingSchema } from '../../../protocol/api/rating.ts';
import { tableCounts } from '../../../tests/support/api/test-api.ts';
import { raiseAcmeLimits, useTestApi } from '../../../tests/support/api/use-test-api.ts';
import {
  answeredCall,
  bearer,
  post,
  placedCall,
  reportEvent,
  startSession,
} from '../../../tests/support/api/visitor.ts';

const api = useTestApi(raiseAcmeLimits({ sessionsPerIpPerMinute: 100, concurrentCallsPerIp: 100 }));

const ended = { reason: 'visitor_hung_up', durationS: 0 } as const;
const rate = (session: string, callId: string, body: unknown, key: string = randomUUID()) =>
  post(api, `/v1/calls/${callId}/rating`, body, {
    headers: { ...bearer(session), 'idempotency-key': key },
  });

describe('POST /v1/calls/{callId}/rating', () => {
  it('stores a rating once; a retry with the same key returns it, another key is refused', async () => {
    const session = await startSession(api);
    const callId = await answeredCall(api, session);
    const key = 'rating-key-0001';
    const first = await rate(session, callId, { stars: 4, comment: 'Gloria was great' }, key);
    expect(first.status).toBe(201);
    const rating = RatingSchema.parse(await first.json());
    const retry = await rate(session, callId, { stars: 4, comment: 'Gloria was great' }, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(rating);
    const reused = await rate(session, callId, { stars: 1 }, key);
    expect(reused.status).toBe(409);
    expect((await reused.json()).code).toBe('idempotency_key_reused');
    const again = await rate(session, callId, { stars: 1 });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('already_rated');
    expect(await api.repo.listRatings({ siteId: 'acme' })).toEqual([
      expect.objectContaining({
        callId,
        stars: 4,
        comment: 'Gloria was great',
        queue: 'support-en',
      }),
    ]);
  });

  it('is accepted after a long call, past the 15-minute session', async () => {
    const session = await startSession(api);
    const callId = await answeredCall(api, session);
    api.clock.now = new Date(api.clock.now.getTime() + 40 * 60_000);
    try {
      expect((await rate(session, callId, { stars: 5 })).status).toBe(201);
    } finally {
      api.clock.now = new Date('2026-11-02T15:00:00Z');
    }
  });

  it('refuses bad ratings precisely and stores nothing', async () => {
    const session = await startSession(api);
    const callId = await answeredCall(api, session);
    const unanswered = await placedCall(api, session);
    expect((await reportEvent(api, unanswered, 'ended', ended)).status).toBe(202);
    const otherSession = await startSession(api);
    const cases: [string, () => Response | Promise<Response>, number, string, RegExp?][] = [
      ['zero stars', () => rate(session, callId, { stars: 0 }), 400, 'invalid_request', /stars/],
      ['six stars', () => rate(session, callId, { stars: 6 }), 400, 'invalid_request', /stars/],
      [
        'fractional stars',
        () => rate(session, callId, { stars: 3.5 }),
        400,
        'invalid_request',
        /stars/,
      ],
      [
        'stars as text',
        () => rate(session, callId, { stars: '5' }),
        400,
        'invalid_request',
        /stars/,
      ],
      [
        'a 501-character comment',
        () => rate(session, callId, { stars: 3, comment: 'x'.repeat(501) }),
        400,
        'invalid_request',
        /comment/,
      ],
      [
        'an unknown field',
        () => rate(session, callId, { stars: 3, agent: 'x' }),
        400,
        'invalid_request',
        /"agent"/,
      ],
      [
        'no idempotency key',
        () => post(api, `/v1/calls/${callId}/rating`, { stars: 3 }, { headers: bearer(session) }),
        400,
        'invalid_request',
        /idempotency-key/,
      ],
      [
        'a malformed key',
        () => rate(session, callId, { stars: 3 }, 'bad key!'),
        400,
        'invalid_request',
        /idempotency-key/,
      ],
      [
        'a call that ended unanswered',
        () => rate(session, unanswered, { stars: 3 }),
        409,
        'call_not_answered',
      ],
      [
        'another visitor’s call',
        () => rate(otherSession, callId, { stars: 1 }),
        404,
        'call_not_found',
      ],
      [
        'a call id that is no uuid',
        () => rate(session, 'nope', { stars: 3 }),
        400,
        'invalid_request',
        /callId/,
      ],
      [
        'no session',
        () =>
          post(
            api,
            `/v1/calls/${callId}/rating`,
            { stars: 3 },
            { headers: { 'idempotency-key': randomUUID() } },
          ),
        401,
        'unauthorized',
      ],
    ];
    for (const [what, send, status, code, message] of cases) {
      const before = await tableCounts(api.repo);
      const res = await send();
      expect(res.status, what).toBe(status);
      const error = await res.json();
      expect(error.code, what).toBe(code);
      if (message) expect(error.message, what).toMatch(message);
      expect(await tableCounts(api.repo), what).toEqual(before);
    }
  });
});

// A visitor rates the moment the call is over; media's reports of the call may still be on
// their way (retried while the API restarted or its database was down). The rating is held,
// not refused, and the call's reports decide it when they land.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RatingSchema } from '../../../protocol/api/rating.ts';
import { tableCounts } from '../../../tests/support/api/test-api.ts';
import { raiseAcmeLimits, useTestApi } from '../../../tests/support/api/use-test-api.ts';
import {
  bearer,
  post,
  reportCreated,
  reportEvent,
  startCall,
  startSession,
} from '../../../tests/support/api/visitor.ts';

const api = useTestApi(
  raiseAcmeLimits({ sessionsPerIpPerMinute: 100, concurrentCallsPerIp: 100, callsPerSession: 3 }),
);

const rate = (session: string, callId: string, body: unknown, key: string = randomUUID()) =>
  post(api, `/v1/calls/${callId}/rating`, body, {
    headers: { ...bearer(session), 'idempotency-key': key },
  });
const answered = { codec: 'opus', agentName: 'Gloria Mcgee' } as const;
const hungUp = { reason: 'visitor_hung_up', durationS: 42 } as const;
const storedFor = async (callId: string) =>
  (await api.repo.listRatings({ siteId: 'acme' })).filter((rating) => rating.callId === callId);

describe('a rating for a call media has not yet reported answered', () => {
  it('is held (202) and stored when the reports land, as given; a retry with its key sees which', async () => {
    const session = await startSession(api);
    const { callId, callToken } = await startCall(api, session);
    const key = 'rating-key-held-1';
    const body = { stars: 5, comment: 'Quick and kind' };
    const held = await rate(session, callId, body, key);
    expect(held.status).toBe(202);
    const rating = RatingSchema.parse(await held.json());
    expect(rating).toMatchObject({ callId, ...body });
    const retry = await rate(session, callId, body, key);
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual(rating);
    // Reported created, then ringing: still not answered, still held.
    await reportCreated(api, callToken);
    expect((await reportEvent(api, callId, 'ringing', {})).status).toBe(202);
    expect(await storedFor(callId)).toEqual([]);

    expect((await reportEvent(api, callId, 'answered', answered)).status).toBe(202);
    expect((await reportEvent(api, callId, 'ended', hungUp)).status).toBe(202);
    expect(await storedFor(callId)).toEqual([
      expect.objectContaining({ id: rating.id, stars: 5, comment: 'Quick and kind' }),
    ]);
    const afterwards = await rate(session, callId, body, key);
    expect(afterwards.status).toBe(200);
    expect(await afterwards.json()).toEqual(rating);
    const another = await rate(session, callId, { stars: 1 });
    expect(another.status).toBe(409);
    expect((await another.json()).code).toBe('already_rated');
    expect(await api.repo.countHeldRatings()).toBe(0);
  });

  it("is dropped when the call ends unanswered, or turns out to be another visitor's", async () => {
    const session = await startSession(api);
    const unanswered = await startCall(api, session);
    expect((await rate(session, unanswered.callId, { stars: 1 })).status).toBe(202);
    await reportCreated(api, unanswered.callToken);
    expect((await reportEvent(api, unanswered.callId, 'ended', hungUp)).status).toBe(202);
    expect(await storedFor(unanswered.callId)).toEqual([]);
    const refused = await rate(session, unanswered.callId, { stars: 1 });
    expect(refused.status).toBe(409);
    expect((await refused.json()).code).toBe('call_not_answered');

    // Someone else's session names this visitor's call before its record exists: held, as
    // it cannot be told yet, then dropped when the record names the real visitor.
    const theirs = await startCall(api, session);
    const stranger = await startSession(api, '198.51.100.77');
    expect(
      (
        await post(
          api,
          `/v1/calls/${theirs.callId}/rating`,
          { stars: 1, comment: 'fake' },
          {
            ip: '198.51.100.77',
            headers: { ...bearer(stranger), 'idempotency-key': randomUUID() },
          },
        )
      ).status,
    ).toBe(202);
    expect((await rate(session, theirs.callId, { stars: 4 })).status).toBe(202);
    await reportCreated(api, theirs.callToken);
    expect((await reportEvent(api, theirs.callId, 'answered', answered)).status).toBe(202);
    expect(await storedFor(theirs.callId)).toEqual([expect.objectContaining({ stars: 4 })]);
    expect(await api.repo.countHeldRatings()).toBe(0);
  });

  it('holds no more than the session may have calls, and refuses what a stored rating refuses', async () => {
    const session = await startSession(api);
    const key = 'rating-key-held-2';
    const first = randomUUID();
    expect((await rate(session, first, { stars: 3 }, key)).status).toBe(202);
    const cases: [string, () => Response | Promise<Response>, number, string][] = [
      [
        'the same key for another rating',
        () => rate(session, first, { stars: 2 }, key),
        409,
        'idempotency_key_reused',
      ],
      [
        'a second rating of the call',
        () => rate(session, first, { stars: 2 }),
        409,
        'already_rated',
      ],
    ];
    for (const [what, send, status, code] of cases) {
      const before = await tableCounts(api.repo);
      const res = await send();
      expect(res.status, what).toBe(status);
      expect((await res.json()).code, what).toBe(code);
      expect(await tableCounts(api.repo), what).toEqual(before);
    }
    // callsPerSession is 3: made-up call ids fill no table.
    expect((await rate(session, randomUUID(), { stars: 3 })).status).toBe(202);
    expect((await rate(session, randomUUID(), { stars: 3 })).status).toBe(202);
    const before = await tableCounts(api.repo);
    const fourth = await rate(session, randomUUID(), { stars: 3 });
    expect(fourth.status).toBe(404);
    expect((await fourth.json()).code).toBe('call_not_found');
    expect(await tableCounts(api.repo)).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { allowCallsFromOneAddress } from '../../../infra/dev/site-edits.ts';
import { AvailabilitySchema } from '../../../protocol/api/availability.ts';
import { useTestApi } from '../../../tests/support/api/use-test-api.ts';
import {
  bearer,
  placedCall,
  post,
  reportEvent,
  startSession,
  supportEn,
} from '../../../tests/support/api/visitor.ts';

const api = useTestApi((file) => allowCallsFromOneAddress(file.sites.acme!, 100));

const expectedWait = async (session: string, callId?: string) => {
  const res = await post(
    api,
    '/v1/availability',
    { routing: supportEn, ...(callId ? { callId } : {}) },
    { headers: bearer(session) },
  );
  expect(res.status).toBe(200);
  const answer = AvailabilitySchema.parse(await res.json());
  return answer.kind === 'open' ? answer.expectedWait : 'closed';
};
/** A call of the queue placed by the visitor of `session`, ringing from now on (the clock). */
const ringingCall = async (session: string) => {
  const callId = await placedCall(api, session);
  expect((await reportEvent(api, callId, 'ringing', {})).status).toBe(202);
  return callId;
};
const advance = (s: number) => (api.clock.now = new Date(api.clock.now.getTime() + s * 1000));

describe('the expected wait in POST /v1/availability', () => {
  it('is absent until the queue has answered enough calls, then counts from their waits and the line', async () => {
    const start = new Date();
    api.clock.now = start;
    try {
      const visitor = await startSession(api);
      expect(await expectedWait(visitor)).toBeUndefined();

      // Three calls, each answered after about two minutes of ringing, one after the other.
      for (const waitS of [110, 120, 140]) {
        const callId = await ringingCall(await startSession(api));
        advance(waitS);
        const answered = await reportEvent(api, callId, 'answered', { codec: 'opus' });
        expect(answered.status).toBe(202);
        advance(60);
        const ended = await reportEvent(api, callId, 'ended', {
          reason: 'agent_hung_up',
          durationS: 60,
        });
        expect(ended.status).toBe(202);
      }
      expect(await expectedWait(visitor)).toEqual({ minutes: 2, moreThan: false, position: 1 });

      // Placed, not ringing yet: the same wait as before calling (media's report is coming).
      const placing = await startSession(api);
      const placed = await placedCall(api, placing);
      expect(await expectedWait(placing, placed)).toEqual(await expectedWait(placing));
      await reportEvent(api, placed, 'ended', { reason: 'visitor_hung_up', durationS: 0 });

      // Two web callers now ring ahead, and the queue was seen with one agent: three rounds.
      const first = await ringingCall(await startSession(api));
      // A second later: the line is in order of ringing.
      advance(1);
      const mine = await ringingCall(visitor);
      expect(await expectedWait(visitor)).toEqual({ minutes: 6, moreThan: false, position: 3 });

      // Ringing, the visitor's call is second in line, and one minute of ringing is done.
      advance(60);
      expect(await expectedWait(visitor, mine)).toEqual({
        minutes: 2,
        moreThan: false,
        position: 2,
      });
      // Another visitor's call id gives no one's wait.
      expect(await expectedWait(await startSession(api), first)).toBeUndefined();
      // Answered: no wait left to show.
      await reportEvent(api, mine, 'answered', { codec: 'opus' });
      expect(await expectedWait(visitor, mine)).toBeUndefined();
    } finally {
      api.clock.now = new Date();
    }
  });
});

// Callback requests of every kind a supervisor's worklist tells apart, made the way visitors'
// widgets make them: after a low rating, after a call cut off, from the Closed screen, and
// one asked for while the queue was open. Each at its own moment of the API's clock, which
// is left where it was.
import { randomUUID } from 'node:crypto';
import { requestCallback } from './seed-review.ts';
import type { TestApi } from './test-api.ts';
import { answeredCall, bearer, post, reportEvent, startSession } from './visitor.ts';

export interface SeededCallbacks {
  /** Monday 2 Nov 2026, 10:00 in Chicago: sales open, a US number, no call. */
  asked: { id: string; at: Date };
  /** Tuesday 3 Nov, 10:00 in Chicago: a 1-star rating, then a callback to a UK number. */
  afterRating: { id: string; at: Date; callId: string };
  /** Tuesday 3 Nov, 21:00 in Chicago (Wednesday in UTC): the agent's side vanished. */
  afterCutOff: { id: string; at: Date; callId: string };
  /** Saturday 7 Nov, 14:00 in Chicago: English Sales is closed on Saturdays. */
  whenClosed: { id: string; at: Date };
}

async function at<T>(api: TestApi, when: string, work: () => Promise<T>): Promise<T> {
  const before = api.clock.now;
  api.clock.now = new Date(when);
  try {
    return await work();
  } finally {
    api.clock.now = before;
  }
}

async function endedCall(api: TestApi, ip: string, reason: 'visitor_hung_up' | 'agent_lost') {
  const session = await startSession(api, ip);
  const callId = await answeredCall(api, session, ip);
  const ended = await reportEvent(api, callId, 'ended', { reason, durationS: 42 });
  if (ended.status !== 202) throw new Error(`ended: ${ended.status} ${await ended.text()}`);
  return { session, callId };
}

export async function seedCallbacks(api: TestApi): Promise<SeededCallbacks> {
  const asked = await at(api, '2026-11-02T16:00:00Z', async () => ({
    id: await requestCallback(api, '198.51.100.121'),
    at: api.clock.now,
  }));
  const afterRating = await at(api, '2026-11-03T16:00:00Z', async () => {
    const ip = '198.51.100.122';
    const { session, callId } = await endedCall(api, ip, 'visitor_hung_up');
    const rated = await post(
      api,
      `/v1/calls/${callId}/rating`,
      { stars: 1, comment: 'nobody could help' },
      { ip, headers: { ...bearer(session), 'idempotency-key': randomUUID() } },
    );
    if (rated.status !== 201) throw new Error(`rating: ${rated.status} ${await rated.text()}`);
    const id = await requestCallback(api, ip, {
      session,
      callId,
      phone: '020 7946 0018',
      routing: { intent: 'support', language: 'en', country: 'GB' },
    });
    return { id, at: api.clock.now, callId };
  });
  const afterCutOff = await at(api, '2026-11-04T03:00:00Z', async () => {
    const ip = '198.51.100.123';
    const { session, callId } = await endedCall(api, ip, 'agent_lost');
    const id = await requestCallback(api, ip, {
      session,
      callId,
      phone: '(212) 555-0199',
      routing: { intent: 'support', language: 'en', country: 'US' },
    });
    return { id, at: api.clock.now, callId };
  });
  const whenClosed = await at(api, '2026-11-07T20:00:00Z', async () => ({
    id: await requestCallback(api, '198.51.100.124', { phone: '(312) 555-0142' }),
    at: api.clock.now,
  }));
  return { asked, afterRating, afterCutOff, whenClosed };
}

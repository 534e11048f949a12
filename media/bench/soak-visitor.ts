import { randomUUID } from 'node:crypto';
import {
  demoOrigin,
  requestCallGrant,
  startSession,
} from '../../tests/support/caller/api-call-grant.ts';
import { placeWebCall } from '../../tests/support/caller/web-caller.ts';
import type { LoadCallers } from './concurrent-calls.ts';

/** What one visitor lane of the soak did; ids are what the API accepted (201). */
export interface LaneRecord {
  calls: number;
  /** Calls that ended other than by the visitor's own hang-up, with why. */
  dropped: string[];
  ratingIds: string[];
  callbackIds: string[];
  /** Ratings or callbacks the API did not accept, with its answer. */
  refused: string[];
}

/**
 * One visitor after another on the same lane until `until` (epoch ms): a session, a call of
 * `talkMs()` that the visitor ends, then a rating and a callback request, as the widget sends
 * them after a call. A call ended any other way is a dropped call.
 */
export async function runVisitorLane(options: {
  apiUrl: string;
  gatewayUrl: string;
  intent: string;
  until: number;
  talkMs: () => number;
  callers: Pick<LoadCallers, 'createPeer'>;
}): Promise<LaneRecord> {
  const record: LaneRecord = { calls: 0, dropped: [], ratingIds: [], callbackIds: [], refused: [] };
  const routing = { intent: options.intent, language: 'en', country: 'US' };
  while (Date.now() < options.until) {
    const session = await startSession({ apiUrl: options.apiUrl });
    const grant = await requestCallGrant({ apiUrl: options.apiUrl, routing }, session);
    const talkMs = Math.min(options.talkMs(), Math.max(1000, options.until - Date.now()));
    const result = await placeWebCall({
      gatewayUrl: options.gatewayUrl,
      token: grant.callToken,
      talkMs,
      answerTimeoutMs: 20_000,
      createPeer: options.callers.createPeer,
    });
    record.calls += 1;
    if (result.status !== 200 || result.byeStatus !== 200) {
      record.dropped.push(
        `call ${grant.callId}: ${result.status} ${result.endCode ?? ''} bye ${result.byeStatus ?? '-'}`,
      );
      continue;
    }
    const post = async (path: string, body: unknown, into: string[]) => {
      const res = await fetch(`${options.apiUrl}${path}`, {
        method: 'POST',
        headers: {
          ...session,
          origin: demoOrigin,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      // 202: a rating held until the call's reports land (api/src/storage/held-ratings.ts).
      if (res.status === 201 || res.status === 202)
        into.push((JSON.parse(text) as { id: string }).id);
      else record.refused.push(`POST ${path}: ${res.status} ${text.slice(0, 200)}`);
    };
    await post(
      `/v1/calls/${grant.callId}/rating`,
      { stars: 1 + (record.calls % 5), comment: 'soak' },
      record.ratingIds,
    );
    await post(
      '/v1/callbacks',
      { phone: '(713) 929-3714', routing, consent: true, callId: grant.callId },
      record.callbackIds,
    );
  }
  return record;
}

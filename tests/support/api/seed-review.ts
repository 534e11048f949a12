// Data a supervisor reviews, created the way production creates it: visitors' sessions, calls
// media reports as answered and ended, ratings and callback requests through the public API.
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../../api/src/supervisor/password-hash.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import type { TestApi } from './test-api.ts';
import { answeredCall, bearer, post, reportEvent, startSession } from './visitor.ts';

export const supervisor = { username: 'sam', password: 'correct horse battery staple' };
export const scriptComment = '<script>document.title="pwned"</script> slow answer';
export const formulaComment = '=HYPERLINK("http://evil.example","click")';

export async function seedReview(api: TestApi): Promise<{ callbackId: string }> {
  await api.repo.upsertUser({
    username: supervisor.username,
    passwordHash: await hashPassword(supervisor.password),
  });
  const ratings: [number, string, string][] = [
    [1, scriptComment, '198.51.100.101'],
    [5, 'Gloria was great', '198.51.100.102'],
    [2, formulaComment, '198.51.100.103'],
  ];
  for (const [stars, comment, ip] of ratings) {
    const session = await startSession(api, ip);
    const callId = await answeredCall(api, session, ip);
    const ended = await reportEvent(api, callId, 'ended', {
      reason: 'visitor_hung_up',
      durationS: 60 * stars,
    });
    if (ended.status !== 202) throw new Error(`ended: ${ended.status} ${await ended.text()}`);
    const res = await post(
      api,
      `/v1/calls/${callId}/rating`,
      { stars, comment },
      {
        ip,
        headers: { ...bearer(session), 'idempotency-key': randomUUID() },
      },
    );
    if (res.status !== 201) throw new Error(`rating: ${res.status} ${await res.text()}`);
  }
  return { callbackId: await requestCallback(api, '198.51.100.104') };
}

/** What a callback request carries besides the visitor's consent. */
export interface CallbackChoices {
  /** The visitor's session; a new one from `ip` when absent. */
  session?: string;
  phone?: string;
  routing?: RoutingData;
  /** The call it follows, in the same session. */
  callId?: string;
}

/** A visitor at `ip` asks to be called back (status `new`); returns the request's id. */
export async function requestCallback(
  api: TestApi,
  ip: string,
  {
    session,
    phone = '(713) 929-3714',
    routing = { intent: 'sales', language: 'en', country: 'US' },
    callId,
  }: CallbackChoices = {},
): Promise<string> {
  const token = session ?? (await startSession(api, ip));
  const res = await post(
    api,
    '/v1/callbacks',
    { phone, routing, consent: true, ...(callId ? { callId } : {}) },
    { ip, headers: { ...bearer(token), 'idempotency-key': randomUUID() } },
  );
  if (res.status !== 201) throw new Error(`callback: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

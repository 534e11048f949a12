// What a visitor's widget (and the media gateway) send, as helpers for route tests.
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { CallTokenClaimsSchema, type RoutingData } from '../../../protocol/call-token.ts';
import type { CallEvent } from '../../../protocol/api/call-event.ts';
import { fromIp, origin, serviceToken, type TestApi } from './test-api.ts';

export const visitorIp = '198.51.100.20';
export const supportEn: RoutingData = { intent: 'support', language: 'en', country: 'US' };

export function post(
  api: TestApi,
  path: string,
  body: unknown,
  { ip = visitorIp, headers = {} }: { ip?: string; headers?: Record<string, string> } = {},
) {
  return api.app.request(
    path,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    fromIp(ip),
  );
}

let solved = 0;
/** Solves a captcha at the stand-in and trades it for a session token. */
export async function startSession(api: TestApi, ip = visitorIp): Promise<string> {
  const captchaResponse = `solved-${++solved}`;
  api.siteverify.pass(captchaResponse);
  const res = await post(api, '/v1/sessions', { siteId: 'acme', captchaResponse }, { ip });
  if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { sessionToken: string }).sessionToken;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function startCall(
  api: TestApi,
  session: string,
  { ip = visitorIp, routing = supportEn }: { ip?: string; routing?: RoutingData } = {},
): Promise<{ callId: string; callToken: string }> {
  const res = await post(api, '/v1/calls', { routing }, { ip, headers: bearer(session) });
  if (res.status !== 201) throw new Error(`call: ${res.status} ${await res.text()}`);
  return (await res.json()) as { callId: string; callToken: string };
}

type EventBody<T extends CallEvent['type']> = Omit<
  Extract<CallEvent, { type: T }>,
  'eventId' | 'callId' | 'at' | 'type'
>;
/** media/ reporting an event about a call. */
export function reportEvent<T extends CallEvent['type']>(
  api: TestApi,
  callId: string,
  type: T,
  body: EventBody<T>,
  eventId: string = randomUUID(),
) {
  return post(
    api,
    '/v1/internal/call-events',
    { eventId, callId, at: api.clock.now.toISOString(), type, ...body },
    { headers: { authorization: `Bearer ${serviceToken}` } },
  );
}

/** The claims of a call token the API issued, as media reads them after verifying it. */
export const callTokenClaims = (callToken: string) =>
  CallTokenClaimsSchema.parse(decodeJwt(callToken));

/** media/ accepting the call token with the visitor's INVITE: the call's record is made. */
export async function reportCreated(api: TestApi, callToken: string): Promise<string> {
  const claims = callTokenClaims(callToken);
  const res = await reportEvent(api, claims.callId, 'created', { claims });
  if (res.status !== 202) throw new Error(`created: ${res.status} ${await res.text()}`);
  return claims.callId;
}

/** A call granted to the visitor and placed by media (its record exists, status created). */
export async function placedCall(
  api: TestApi,
  session: string,
  options: { ip?: string; routing?: RoutingData } = {},
): Promise<string> {
  const { callToken } = await startCall(api, session, options);
  return reportCreated(api, callToken);
}

/** A call that media placed and an agent answered. */
export async function answeredCall(api: TestApi, session: string, ip = visitorIp): Promise<string> {
  const callId = await placedCall(api, session, { ip });
  const res = await reportEvent(api, callId, 'answered', {
    codec: 'opus',
    agentName: 'Gloria Mcgee',
  });
  if (res.status !== 202) throw new Error(`answered: ${res.status} ${await res.text()}`);
  return callId;
}

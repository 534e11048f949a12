import type { CallGrantSchema } from '../../../protocol/api/call-request.ts';
import type { ConnectionTest, ConnectionTestGrant } from '../../../protocol/api/connection-test.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import type { z } from 'zod';

export type CallGrant = z.infer<typeof CallGrantSchema>;

/** hCaptcha's test response: the stack's siteverify stand-in passes it every time. */
export const hcaptchaTestResponse = '10000000-aaaa-bbbb-cccc-000000000001';
/** An origin the demo site allows (api/config/sites.json). */
export const demoOrigin = 'https://www.acme.example';

export interface CallGrantOptions {
  apiUrl: string;
  siteId?: string;
  routing?: RoutingData;
  /** The gateway node the connection test ran on, as the widget names it. */
  gatewayNode?: string;
  /** The visitor's connection test, as the widget sends it when one ran. */
  connectionTest?: ConnectionTest;
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: demoOrigin, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** A visitor's session (captcha passed): the Authorization header its requests carry. */
export async function startSession(options: Pick<CallGrantOptions, 'apiUrl' | 'siteId'>) {
  const session = (await postJson(`${options.apiUrl}/v1/sessions`, {
    siteId: options.siteId ?? 'acme',
    captchaResponse: hcaptchaTestResponse,
  })) as { sessionToken: string };
  return { authorization: `Bearer ${session.sessionToken}` };
}

/** What the widget does before calling: a session (captcha passed), then a call token. */
export async function requestCallGrant(
  options: CallGrantOptions,
  /** The session to call in (startSession); a new one when absent. */
  session?: { authorization: string },
): Promise<CallGrant> {
  const grant = (await postJson(
    `${options.apiUrl}/v1/calls`,
    {
      routing: options.routing ?? { intent: 'support', language: 'en', country: 'US' },
      ...(options.gatewayNode ? { gatewayNode: options.gatewayNode } : {}),
      ...(options.connectionTest ? { connectionTest: options.connectionTest } : {}),
    },
    session ?? (await startSession(options)),
  )) as { kind: string } & CallGrant;
  if (grant.kind !== 'call') throw new Error(`the API offered a ${grant.kind}, not a call`);
  return grant;
}

/** What the widget does before its connection test: a session, then a probe token. */
export async function requestConnectionTestGrant(
  options: Pick<CallGrantOptions, 'apiUrl' | 'siteId'>,
): Promise<ConnectionTestGrant> {
  return (await postJson(
    `${options.apiUrl}/v1/connection-tests`,
    {},
    await startSession(options),
  )) as ConnectionTestGrant;
}

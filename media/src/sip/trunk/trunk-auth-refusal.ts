import type { IncomingResponseMessage, OutgoingRequestMessage } from 'sip.js/lib/core/index.js';
import { callEndCodeForSipStatus } from '../../../../protocol/call-end-reason.ts';
import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';
import type { ServiceLogger } from '../core/sip-logger.ts';

/** A final 401 or 407: a challenge sip.js's core did not (or could no longer) answer. */
export function isChallenge(response: Pick<IncomingResponseMessage, 'statusCode'>): boolean {
  return response.statusCode === 401 || response.statusCode === 407;
}

/** The credentials headers a request carries, to repeat on its ACK (RFC 3261 13.2.2.4). */
export function credentialHeaderLines(request: OutgoingRequestMessage | undefined): string[] {
  if (!request) return [];
  return (['Authorization', 'Proxy-Authorization'] as const).flatMap((name) => {
    const value = request.getHeader(name);
    return value ? [`${name}: ${value}`] : [];
  });
}

/**
 * What a final 401/407 says of our credentials: the realm it challenges in, and whether the
 * request it answers carried credentials, with whose username (never the digest).
 */
export function credentialsSent(
  response: IncomingResponseMessage,
  request: OutgoingRequestMessage | undefined,
): { realm: string | undefined; username: string | undefined; sent: boolean } {
  const proxy = response.statusCode === 407;
  const challenge = response.parseHeader(proxy ? 'proxy-authenticate' : 'www-authenticate') as
    { realm?: string } | undefined;
  const sent = request?.getHeader(proxy ? 'Proxy-Authorization' : 'Authorization');
  const username = sent ? /username="((?:[^"\\]|\\.)*)"/i.exec(sent)?.[1] : undefined;
  return { realm: challenge?.realm, username, sent: Boolean(sent) };
}

/**
 * How a challenge that reached the call ends it, with the line the administrator acts on: our
 * credentials were sent and refused (a wrong password, user or realm), or we had none to
 * send (no entry for the site, a realm or algorithm we do not answer). The line names the
 * realm, the username and the status, never the password nor the digest computed from it.
 */
export function authRefusal(
  response: IncomingResponseMessage,
  request: OutgoingRequestMessage | undefined,
  site: string | undefined,
  logger: ServiceLogger,
): CallEndReason {
  const status = response.statusCode ?? 401;
  const { realm, username, sent } = credentialsSent(response, request);
  const cause = sent ? 'credentials_refused' : 'no_credentials';
  logger.warn(
    { callId: response.callId, site, realm, username, sipStatus: status, cause },
    sent
      ? `the PBX refused the gateway's trunk credentials (${status}): check the username and password for this site and realm in MEDIA_TRUNK_CREDENTIALS_FILE`
      : `the PBX asked the gateway to authenticate (${status}) and it has no credentials it may answer with: add this site (or a default) with this realm to MEDIA_TRUNK_CREDENTIALS_FILE`,
  );
  return {
    code: callEndCodeForSipStatus(status),
    sipStatus: status,
    cause,
    detail: `${status} from realm ${realm ?? '(none)'}: ${cause.replace('_', ' ')}`.slice(0, 200),
  };
}

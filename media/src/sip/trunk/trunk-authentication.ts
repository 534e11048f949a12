import type { DigestAuthentication, LoggerFactory } from 'sip.js/lib/core/index.js';
import { trunkCredentialFor } from '../../../../protocol/config/trunk-credentials.ts';
import type { TrunkCredentials } from '../../../../protocol/config/trunk-credentials.ts';
import { NonceCounts, TrunkDigestAuthenticator } from './digest-authenticator.ts';

/**
 * Which site each call (by Call-ID) belongs to, so a challenge to any of its requests (the
 * INVITE, a re-INVITE, PRACK, UPDATE, BYE) is answered with that site's credentials. Kept for
 * the most recent calls only, past their end: a BYE may be challenged after the call ended.
 */
export class CallSites {
  readonly #sites = new Map<string, string | undefined>();

  remember(callId: string, site: string | undefined): void {
    this.#sites.set(callId, site);
    if (this.#sites.size > 10_000) this.#sites.delete(this.#sites.keys().next().value as string);
  }

  siteOf(callId: string): string | undefined {
    return this.#sites.get(callId);
  }
}

/**
 * sip.js's `authenticationFactory`: one authenticator per challenged request, answering with
 * the credentials of the request's site, else the file's default (OPTIONS pings have no site).
 * Without a credentials file every challenge reaches the call as its final answer.
 */
export function trunkAuthenticationFactory(
  loggerFactory: LoggerFactory,
  credentials: TrunkCredentials | undefined,
  callSites: CallSites,
): () => DigestAuthentication | undefined {
  const nonceCounts = new NonceCounts();
  return () =>
    credentials &&
    new TrunkDigestAuthenticator(loggerFactory, {
      nonceCounts,
      credentialsFor: (request) =>
        trunkCredentialFor(credentials, callSites.siteOf(request.callId)),
    });
}

import * as client from 'openid-client';
import type { OidcSignInOptions } from '../../../../protocol/config/supervisor-sign-in-config.ts';
import { mapClaims, type StaffIdentity } from './claim-mapping.ts';
import { refusalOf } from './oidc-refusals.ts';
import type { PendingSignIn } from './pending-sign-in.ts';
import { SignInRefused } from './sign-in-refused.ts';

export interface OidcSignIn {
  /** Where to send the browser, and what its callback must match (kept in a signed cookie). */
  start(): Promise<{ url: URL; pending: PendingSignIn }>;
  /**
   * The provider's redirect back, checked by openid-client (state, the `iss` parameter, the
   * code exchanged with the PKCE verifier, the ID token's signature, issuer, audience, expiry
   * and nonce), then mapped to a supervisor. Throws SignInRefused.
   */
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<StaffIdentity>;
}

// A provider on this machine is the test rig's or a developer's: plain HTTP stays there.
const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * OpenID Connect sign-in (authorization code with PKCE, state and nonce) through the certified
 * openid-client. The discovery document is read on first use and kept; a failed read is tried
 * again on the next sign-in. The ID token's times are checked against `now`, the API's clock.
 */
export function oidcSignIn(options: OidcSignInOptions, now: () => Date): OidcSignIn {
  const insecure = options.issuer.protocol === 'http:' && loopback.has(options.issuer.hostname);
  const execute = insecure ? [client.allowInsecureRequests] : [];
  let discovered: Promise<client.Configuration> | undefined;
  const discover = () => {
    discovered ??= client
      .discovery(options.issuer, options.clientId, options.clientSecret?.reveal(), undefined, {
        execute,
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw new SignInRefused(
          'provider_unreachable',
          'The sign-in provider cannot be reached; try again in a minute',
          { cause: error },
        );
      });
    return discovered;
  };
  // A configuration per exchange, so the token's times are read on the API's clock now.
  const configurationNow = (server: client.Configuration) => {
    const config = new client.Configuration(server.serverMetadata(), options.clientId, {
      ...(options.clientSecret && { client_secret: options.clientSecret.reveal() }),
      [client.clockSkew]: Math.round((now().getTime() - Date.now()) / 1000),
    });
    if (insecure) client.allowInsecureRequests(config);
    return config;
  };

  return {
    async start() {
      const config = await discover();
      const pending: PendingSignIn = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUrl.href,
        scope: options.scopes,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        ...(options.mfaAcr && { acr_values: options.mfaAcr }),
      });
      return { url, pending };
    },
    async finish(callbackUrl, pending) {
      const config = configurationNow(await discover());
      // The provider sends the browser to the public redirect URL; behind a proxy the request
      // URL the API sees differs, so the parameters are read onto the configured one.
      const current = new URL(options.redirectUrl);
      current.search = callbackUrl.search;
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw refusalOf(error);
      }
      const claims = tokens.claims();
      if (!claims) throw new SignInRefused('no_id_token', 'The provider sent no ID token');
      return mapClaims(claims, options);
    },
  };
}

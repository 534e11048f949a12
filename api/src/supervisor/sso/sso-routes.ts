import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ApiDeps } from '../../api-deps.ts';
import type { StaffIdentity } from './claim-mapping.ts';
import type { OidcSignIn } from './oidc-sign-in.ts';
import {
  decodePending,
  encodePending,
  pendingSignInCookieName,
  pendingSignInS,
} from './pending-sign-in.ts';
import { refusalOf } from './oidc-refusals.ts';
import { SignInRefused } from './sign-in-refused.ts';

const continuePage = html`<!doctype html>
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta http-equiv="refresh" content="0; url=/supervisor" />
      <title>Signed in - click-to-call</title>
    </head>
    <body>
      <main>
        <p data-testid="sso-signed-in">Signed in. <a href="/supervisor">Continue</a></p>
      </main>
    </body>
  </html>`;

export interface SsoRouteOptions {
  /** Unset: single sign-on is not configured, and these routes say so. */
  oidc: OidcSignIn | undefined;
  /** The supervisor cookies' attributes on this request (path, Secure...). */
  cookieBase: (c: Context) => { path: string; httpOnly: true; secure: boolean };
  /** Starts the session of whoever the provider signed in (sets its cookie). */
  signedIn: (c: Context, identity: StaffIdentity) => Promise<void>;
  /** The sign-in page with a refusal on it. */
  refused: (c: Context, message: string) => Response | Promise<Response>;
}

/**
 * GET /supervisor/sso/start sends the browser to the provider; GET /supervisor/sso/callback
 * takes it back. What the callback must match (state, nonce, PKCE verifier) waits in a
 * signed cookie, SameSite=Lax: the provider's redirect back is a cross-site navigation, which
 * a Strict cookie would not come with. It is used once: deleted whatever the outcome.
 */
export function ssoRoutes(deps: ApiDeps, options: SsoRouteOptions): Hono {
  const secret = () => deps.keys.current().sessionSecret;
  const refuse = async (c: Context, refusal: SignInRefused) => {
    deps.logger.warn(
      { event: 'supervisor_sso_refused', code: refusal.code, err: refusal.cause },
      `supervisor single sign-on refused: ${refusal.code}`,
    );
    await deps.repo.recordAudit({
      at: deps.now(),
      actor: refusal.actor ?? 'unknown',
      action: 'sign_in',
      outcome: 'failure',
      method: 'oidc',
      detail: refusal.code,
    });
    return options.refused(c, refusal.message);
  };
  const oidc = () => {
    if (!options.oidc)
      throw new SignInRefused('sso_not_configured', 'Single sign-on is not set up here');
    return options.oidc;
  };
  return new Hono()
    .get('/start', async (c) => {
      try {
        const { url, pending } = await oidc().start();
        setCookie(
          c,
          pendingSignInCookieName,
          encodePending(secret(), pending, deps.now().getTime()),
          {
            ...options.cookieBase(c),
            sameSite: 'Lax',
            maxAge: pendingSignInS,
          },
        );
        return c.redirect(url.href, 303);
      } catch (error) {
        return refuse(c, refusalOf(error));
      }
    })
    .get('/callback', async (c) => {
      const pending = decodePending(
        secret(),
        getCookie(c, pendingSignInCookieName),
        deps.now().getTime(),
      );
      deleteCookie(c, pendingSignInCookieName, { ...options.cookieBase(c), sameSite: 'Lax' });
      if (!pending) {
        return refuse(
          c,
          new SignInRefused(
            'no_pending_sign_in',
            'This sign-in was not started in this browser, or took too long; sign in again',
          ),
        );
      }
      let identity: StaffIdentity;
      try {
        identity = await oidc().finish(new URL(c.req.url), pending);
      } catch (error) {
        return refuse(c, refusalOf(error));
      }
      await options.signedIn(c, identity);
      // A page, not a redirect: the browser came from the provider's site, and the Strict
      // session cookie rides only on a navigation this site starts.
      return c.html(continuePage);
    });
}

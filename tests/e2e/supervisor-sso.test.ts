// Single sign-on in Debian's Chromium: the API served on loopback, a real OpenID provider
// (oidc-provider) beside it. A supervisor clicks the sign-in page's SSO link, fills in the
// provider's login with a second factor, and lands on the review signed in: the pending
// sign-in cookie (SameSite=Lax) survives the provider's redirect back, and the Strict session
// cookie rides on the page's own navigation after. Without the second factor, the sign-in
// page says why.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api/test-api.ts';
import { launchChromium, type RigBrowser } from '../support/browser/chromium.ts';
import {
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../support/oidc/test-identity-provider.ts';
import { apiSignInOptions } from '../support/oidc/api-sign-in-setup.ts';
import { signInThroughProvider } from '../support/oidc/chromium-sign-in.ts';

let api: TestApi | undefined;
let server: ServerType;
let base: string;
let idp: TestIdentityProvider;
let chromium: RigBrowser;

beforeAll(async () => {
  // Served first, to know the port the redirect URL names; the app answers once it exists.
  const port = await new Promise<number>((resolve) => {
    server = serve(
      {
        fetch: (request, env) =>
          api ? api.app.fetch(request, env) : new Response('starting', { status: 503 }),
        hostname: '127.0.0.1',
        port: 0,
      },
      (info: AddressInfo) => resolve(info.port),
    );
  });
  // localhost: a secure context, so Chromium keeps the Secure cookies over HTTP.
  base = `http://localhost:${port}`;
  const redirectUri = `${base}/supervisor/sso/callback`;
  idp = await startTestIdentityProvider({
    accounts: { alice: { roles: ['supervisor'] } },
    redirectUri,
  });
  api = await startTestApi(() => {}, {
    oidc: apiSignInOptions(idp, redirectUri),
  });
  // The ID token's times are read on the API's clock: the provider's, now.
  api.clock.now = new Date();
  chromium = await launchChromium();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await idp?.close();
  await api?.close();
});

async function signInAsAlice(secondFactor: boolean) {
  const context = await chromium.browser.newContext();
  const page = await context.newPage();
  await signInThroughProvider(page, base, 'alice', secondFactor);
  return { context, page };
}

describe('supervisor single sign-on in Chromium', () => {
  it('signs a supervisor in through the provider with a second factor', async () => {
    const { context, page } = await signInAsAlice(true);
    try {
      await page.getByTestId('signed-in-as').waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toBe('alice');
      expect(new URL(page.url()).pathname).toBe('/supervisor');
    } finally {
      await context.close();
    }
  });

  it('refuses the sign-in without a second factor, saying why', async () => {
    const { context, page } = await signInAsAlice(false);
    try {
      await page.getByTestId('login-error').waitFor();
      expect(await page.getByTestId('login-error').textContent()).toBe(
        'Sign-in needs a second factor: sign in again at your provider with your authenticator',
      );
      const cookies = await context.cookies(`${base}/supervisor`);
      expect(cookies.map((cookie) => cookie.name)).not.toContain('ctc_supervisor');
    } finally {
      await context.close();
    }
  });
});

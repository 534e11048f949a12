// Supervisors' single sign-on against a real OpenID provider (oidc-provider, certified) run on
// loopback, the API checking everything through openid-client: a supervisor signs in with a
// second factor and sees the review; one factor is refused; so are a sign-in that comes back
// from another provider, a replayed code, an ID token expired on the API's clock and a
// callback this browser did not start, each with its message and log line. Roles and sites
// come from the provider's claims: only administrators see the audit log and the webhooks,
// and a supervisor scoped to a site sees only its calls.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedCalls, type SeededCalls } from '../support/api/seed-calls.ts';
import { seedReview } from '../support/api/seed-review.ts';
import { cookiesOf, csrfOf } from '../support/api/supervisor-sign-in.ts';
import { startTestApi, type TestApi } from '../support/api/test-api.ts';
import { callTokenClaims, reportEvent, startCall, startSession } from '../support/api/visitor.ts';
import { finishAtApi, signInAtProvider, startAtApi } from '../support/oidc/browser-sign-in.ts';
import {
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../support/oidc/test-identity-provider.ts';
import { apiSignInOptions } from '../support/oidc/api-sign-in-setup.ts';

// Never served: the test is the browser, and hands the provider's redirect to the app.
const redirectUri = 'http://localhost/supervisor/sso/callback';
const idTokenTtlS = 60;
const accounts = {
  alice: { roles: ['supervisor'] },
  ada: { roles: ['administrator'] },
  bea: { roles: ['supervisor'], sites: ['beta'] },
};

let idp: TestIdentityProvider;
let otherIdp: TestIdentityProvider;
let api: TestApi;
let seeded: SeededCalls;
let betaCallId: string;
let acmeCallbackId: string;

beforeAll(async () => {
  idp = await startTestIdentityProvider({ accounts, redirectUri, idTokenTtlS });
  // A second provider the same client is registered at: a mix-up, or an attacker's.
  otherIdp = await startTestIdentityProvider({ accounts, redirectUri, client: idp.client });
  api = await startTestApi(() => {}, {
    oidc: apiSignInOptions(idp, redirectUri),
  });
  ({ callbackId: acmeCallbackId } = await seedReview(api));
  seeded = await seedCalls(api);
  // A call of another site, as media reports one: the claims of the token it was granted.
  const { callToken } = await startCall(api, await startSession(api));
  betaCallId = randomUUID();
  const claims = { ...callTokenClaims(callToken), callId: betaCallId, sub: 'beta' };
  const created = await reportEvent(api, betaCallId, 'created', { claims });
  expect(created.status).toBe(202);
}, 60_000);
afterAll(async () => {
  await api?.close();
  await idp?.close();
  await otherIdp?.close();
});
// The ID token's times are read on the API's clock: now, unless a test moves it.
beforeEach(() => {
  api.clock.now = new Date();
});

/** A whole sign-in: the API's start, the provider's login, the API's callback. */
async function signIn(user: string, secondFactor = true) {
  const { authUrl, cookie } = await startAtApi(api);
  const callback = await signInAtProvider(authUrl, redirectUri, user, secondFactor);
  return finishAtApi(api, callback, cookie);
}

const refusalOf = async (res: Response) => {
  expect(res.status).toBe(401);
  expect(res.headers.getSetCookie().some((c) => c.startsWith('ctc_supervisor='))).toBe(false);
  return (await res.text()).match(/data-testid="login-error">([^<]*)</)?.[1];
};
const loggedRefusal = (code: string) =>
  api.logs.some(
    (line) => line.includes(`"code":"${code}"`) && line.includes('supervisor_sso_refused'),
  );
const callIdsOn = (page: string) =>
  [...page.matchAll(/data-testid="call-row" data-call-id="([^"]+)"/g)].map((m) => m[1]);

describe('supervisor single sign-on through a real OpenID provider', () => {
  it('signs in a supervisor who used a second factor, and shows the review', async () => {
    const res = await signIn('alice');
    expect(res.status).toBe(200);
    const cookie = cookiesOf(res);
    expect(cookie).toContain('ctc_supervisor=');
    const page = await api.app.request('/supervisor', { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="signed-in-as">alice<');
    // Unscoped: every site's calls.
    expect(callIdsOn(html)).toEqual(
      expect.arrayContaining([seeded.abandoned.callId, seeded.measured.callId, betaCallId]),
    );
    // A supervisor, not an administrator.
    for (const path of ['/supervisor/audit', '/supervisor/webhooks']) {
      expect((await api.app.request(path, { headers: { cookie } })).status).toBe(403);
    }
  });

  it('refuses a sign-in with a password only', async () => {
    expect(await refusalOf(await signIn('alice', false))).toBe(
      'Sign-in needs a second factor: sign in again at your provider with your authenticator',
    );
    expect(loggedRefusal('mfa_required')).toBe(true);
  });

  it('refuses a sign-in that comes back from another provider', async () => {
    const { authUrl, cookie } = await startAtApi(api);
    const elsewhere = new URL(`${authUrl.pathname}${authUrl.search}`, otherIdp.issuer);
    const callback = await signInAtProvider(elsewhere, redirectUri, 'alice', true);
    expect(callback.searchParams.get('iss')).toBe(otherIdp.issuer);
    expect(await refusalOf(await finishAtApi(api, callback, cookie))).toBe(
      'The sign-in came back from an identity provider this service does not trust; start again',
    );
    expect(loggedRefusal('wrong_issuer')).toBe(true);
  });

  it('refuses an authorization code used a second time', async () => {
    const { authUrl, cookie } = await startAtApi(api);
    const callback = await signInAtProvider(authUrl, redirectUri, 'alice', true);
    expect((await finishAtApi(api, callback, cookie)).status).toBe(200);
    // The same redirect again, with the cookie it came with (a stolen or replayed response).
    expect(await refusalOf(await finishAtApi(api, callback, cookie))).toBe(
      'The provider refused this sign-in code: it was already used or has expired; sign in again',
    );
    expect(loggedRefusal('code_rejected')).toBe(true);
  });

  it('refuses an ID token that expired before it reached the API', async () => {
    const { authUrl, cookie } = await startAtApi(api);
    const callback = await signInAtProvider(authUrl, redirectUri, 'alice', true);
    // The API's clock past the token's lifetime and openid-client's 30 s tolerance.
    api.clock.now = new Date(Date.now() + (idTokenTtlS + 60) * 1000);
    expect(await refusalOf(await finishAtApi(api, callback, cookie))).toBe(
      'The sign-in had expired by the time it came back; sign in again',
    );
    expect(loggedRefusal('id_token_expired')).toBe(true);
  });

  it('refuses a callback for a sign-in this browser did not start', async () => {
    const first = await startAtApi(api);
    const second = await startAtApi(api);
    const callback = await signInAtProvider(first.authUrl, redirectUri, 'alice', true);
    expect(await refusalOf(await finishAtApi(api, callback, second.cookie))).toBe(
      'The sign-in did not match the one this browser started; sign in again',
    );
    expect(loggedRefusal('state_mismatch')).toBe(true);
  });

  it("shows a supervisor scoped to a site only that site's calls", async () => {
    const cookie = cookiesOf(await signIn('bea'));
    const html = await (await api.app.request('/supervisor', { headers: { cookie } })).text();
    expect(html).toContain('data-testid="signed-in-as">bea<');
    expect(callIdsOn(html)).toEqual([betaCallId]);
    const csv = await (
      await api.app.request('/supervisor/calls.csv', { headers: { cookie } })
    ).text();
    expect(csv).toContain(betaCallId);
    expect(csv).not.toContain(seeded.measured.callId);
  });

  it("keeps a supervisor scoped away from a site's callbacks from acting on them", async () => {
    const setStatus = async (user: string) => {
      const cookie = cookiesOf(await signIn(user));
      const page = await api.app.request('/supervisor', { headers: { cookie } });
      return api.app.request(`/supervisor/callbacks/${acmeCallbackId}/status`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ status: 'in_progress', _csrf: csrfOf(await page.text()) }),
      });
    };
    expect((await setStatus('bea')).status).toBe(404);
    expect((await api.repo.listCallbackRequests({}))[0]?.status).toBe('new');
    expect((await setStatus('alice')).status).toBe(303);
    expect((await api.repo.listAudit({ limit: 1 }))[0]).toMatchObject({
      actor: 'alice',
      action: 'callback.status',
      method: 'oidc',
      subject: acmeCallbackId,
      detail: 'in_progress',
    });
  });

  it('shows administrators the audit log of sign-ins, refusals included', async () => {
    await signIn('alice', false);
    const cookie = cookiesOf(await signIn('ada'));
    const res = await api.app.request('/supervisor/audit', { headers: { cookie } });
    expect(res.status).toBe(200);
    const rows = (await res.text()).split('data-testid="audit-entry"').slice(1);
    const newest = rows.slice(0, 2).map((row) => ({
      actor: row.match(/data-testid="audit-actor">([^<]*)</)?.[1],
      outcome: row.match(/data-outcome="([^"]+)"/)?.[1],
      method: row.match(/data-testid="audit-method">([^<]*)</)?.[1],
      detail: row.match(/data-testid="audit-detail">([^<]*)</)?.[1],
    }));
    expect(newest).toEqual([
      { actor: 'ada', outcome: 'success', method: 'oidc', detail: '' },
      { actor: 'alice', outcome: 'failure', method: 'oidc', detail: 'mfa_required' },
    ]);
    expect((await api.app.request('/supervisor/webhooks', { headers: { cookie } })).status).toBe(
      200,
    );
  });
});

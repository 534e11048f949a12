import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIp, startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import { hashPassword } from './password-hash.ts';

const proxy = '192.0.2.10';
const visitor = '198.51.100.7';
const sam = { username: 'sam', password: 'correct horse battery staple' };

// API_SECURE_COOKIES=false, as plain-HTTP development runs: a cookie handed out over HTTPS
// (the reverse proxy says so) must still be Secure, or a browser would send it back in clear.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi(undefined, { secureCookies: false, trustedProxies: [proxy] });
  await api.repo.upsertUser({
    username: sam.username,
    passwordHash: await hashPassword(sam.password),
  });
}, 60_000);
afterAll(() => api.close());

const loginPage = (from: string, headers: Record<string, string> = {}, url = '/supervisor/login') =>
  api.app.request(url, { headers }, fromIp(from));
const cookieNamed = (res: Response, name: string) =>
  res.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`)) ?? '';

describe('the Secure attribute of the supervisor cookies', () => {
  it('is set when a trusted proxy says the request came over HTTPS', async () => {
    const res = await loginPage(proxy, { 'x-forwarded-proto': 'https' });
    expect(cookieNamed(res, 'ctc_login_csrf')).toMatch(/; Secure/);
  });

  it('is set when the request reached the API itself over HTTPS', async () => {
    const res = await loginPage(visitor, {}, 'https://api.example/supervisor/login');
    expect(cookieNamed(res, 'ctc_login_csrf')).toMatch(/; Secure/);
  });

  it('is left off over plain HTTP, and a non-proxy cannot claim HTTPS', async () => {
    expect(
      cookieNamed(await loginPage(proxy, { 'x-forwarded-proto': 'http' }), 'ctc_login_csrf'),
    ).not.toMatch(/Secure/);
    const claimed = await loginPage(visitor, { 'x-forwarded-proto': 'https' });
    expect(cookieNamed(claimed, 'ctc_login_csrf')).not.toMatch(/Secure/);
  });

  it('marks the session cookie, and its deletion, like the rest', async () => {
    const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-for': visitor };
    const page = await loginPage(proxy, viaProxy);
    const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const signIn = await api.app.request(
      '/supervisor/login',
      {
        method: 'POST',
        headers: {
          ...viaProxy,
          cookie: cookieNamed(page, 'ctc_login_csrf').split(';')[0]!,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ ...sam, _csrf: csrf }),
      },
      fromIp(proxy),
    );
    expect(signIn.status).toBe(303);
    const session = cookieNamed(signIn, 'ctc_supervisor');
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).toMatch(/; Path=\/supervisor/);
    // The sign-in form's token is spent: deleted with the same attributes it was set with.
    expect(cookieNamed(signIn, 'ctc_login_csrf')).toMatch(/Max-Age=0.*; Secure/);
  });
});

// A supervisor's browser on the review pages of a test API: the sign-in form with its token,
// then the session cookie and the page's CSRF token, as the forms send them.
import {
  encodeSession,
  newSession,
  sessionCookieName,
} from '../../../api/src/supervisor/supervisor-session.ts';
import { supervisor } from './seed-review.ts';
import { fromIp, type TestApi } from './test-api.ts';

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0]!)
    .join('; ');

export const csrfOf = (page: string) => page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';

async function loginForm(api: TestApi) {
  const page = await api.app.request('/supervisor/login');
  return { csrf: csrfOf(await page.text()), cookie: cookiesOf(page) };
}

/** Posts the sign-in form from `ip`; the response carries the session cookie when it worked. */
export async function signIn(api: TestApi, password = supervisor.password, ip = '192.0.2.50') {
  const { csrf, cookie } = await loginForm(api);
  return api.app.request(
    '/supervisor/login',
    {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: supervisor.username, password, _csrf: csrf }),
    },
    fromIp(ip),
  );
}

/** A signed-in supervisor: the session cookie and the review page's form token. */
export async function supervisorSession(api: TestApi) {
  const cookie = cookiesOf(await signIn(api));
  const page = await api.app.request('/supervisor', { headers: { cookie } });
  return { cookie, csrf: csrfOf(await page.text()) };
}

/**
 * The session cookie single sign-on gives a supervisor the provider scoped to `sites`
 * (tests/integration/supervisor-sso.test.ts signs in that way for real), for tests of what
 * such a supervisor sees.
 */
export function scopedSupervisorCookie(api: TestApi, sites: string[]): string {
  const session = newSession(
    { username: 'scoped', roles: ['supervisor'], sites, method: 'oidc' },
    api.clock.now.getTime(),
  );
  return `${sessionCookieName}=${encodeSession(api.keys.sessionSecret, session)}`;
}

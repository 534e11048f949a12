// A supervisor's browser through single sign-on, over HTTP: the API's /supervisor/sso/start
// (its pending-sign-in cookie kept, as the browser would), the provider's pages followed
// redirect by redirect with their own cookies, up to the redirect back to the API.
import { cookiesOf } from '../api/supervisor-sign-in.ts';
import type { TestApi } from '../api/test-api.ts';

/** GET /supervisor/sso/start: where the API sends the browser, and the cookie it set. */
export async function startAtApi(api: TestApi): Promise<{ authUrl: URL; cookie: string }> {
  const res = await api.app.request('/supervisor/sso/start');
  const location = res.headers.get('location');
  if (res.status !== 303 || !location)
    throw new Error(`sso start: ${res.status} ${await res.text()}`);
  return { authUrl: new URL(location), cookie: cookiesOf(res) };
}

/**
 * Follows the provider from `authUrl` as `user` (with a second factor or not) until it sends
 * the browser back to `redirectUri`: that URL, with its code, state and iss.
 */
export async function signInAtProvider(
  authUrl: URL,
  redirectUri: string,
  user: string,
  secondFactor: boolean,
): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authUrl;
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  for (let hop = 0; hop < 12; hop += 1) {
    let res = await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
    // The provider's login form: filled in and sent, as the person would.
    if (res.status === 200 && url.pathname.startsWith('/interaction/')) {
      res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ user, ...(secondFactor && { mfa: 'yes' }) }),
      });
    }
    for (const setCookie of res.headers.getSetCookie()) {
      const [pair = ''] = setCookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    const location = res.headers.get('location');
    if (!location)
      throw new Error(`provider stopped at ${url.pathname}: ${res.status} ${await res.text()}`);
    url = new URL(location, url);
    if (url.href.startsWith(redirectUri)) return url;
  }
  throw new Error('the provider never sent the browser back');
}

/** The browser arriving back at the API's callback with the cookie from the start. */
export const finishAtApi = (api: TestApi, callback: URL, cookie: string) =>
  api.app.request(`${callback.pathname}${callback.search}`, { headers: { cookie } });

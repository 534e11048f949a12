import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signIn as signInAs,
  supervisorSession,
} from '../../../tests/support/api/supervisor-sign-in.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import {
  formulaComment,
  scriptComment,
  seedReview,
  supervisor,
} from '../../../tests/support/api/seed-review.ts';

let api: TestApi;
let callbackId: string;
beforeAll(async () => {
  api = await startTestApi((file) => {
    file.sites.acme!.limits = { ...file.sites.acme!.limits, sessionsPerIpPerMinute: 100 };
  });
  ({ callbackId } = await seedReview(api));
}, 60_000);
afterAll(() => api.close());

const signIn = (password?: string, ip?: string) => signInAs(api, password, ip);
const session = () => supervisorSession(api);

describe('supervisor review', () => {
  it('sends visitors without a session to the sign-in page', async () => {
    const res = await api.app.request('/supervisor');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/supervisor/login');
    expect((await api.app.request('/supervisor/ratings.csv')).status).toBe(401);
  });

  it('signs in with a secure, HttpOnly, SameSite=Strict cookie', async () => {
    const res = await signIn();
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ctc_supervisor='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/supervisor/);
  });

  it('refuses a wrong password, and a sign-in without the form token', async () => {
    const wrong = await signIn('guess', '192.0.2.51');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong user name or password');
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('ctc_supervisor='))).toBe(false);
    const forged = await api.app.request('/supervisor/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...supervisor, _csrf: 'x' }),
    });
    expect(forged.status).toBe(403);
    expect((await forged.json()).code).toBe('csrf_failed');
  });

  it('limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn('guess', '192.0.2.60')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  it('shows ratings with comments escaped, under a CSP that forbids scripts', async () => {
    const { cookie } = await session();
    const res = await api.app.request('/supervisor', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const page = await res.text();
    expect(page).not.toContain(scriptComment);
    expect(page).toContain(
      '&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt; slow answer',
    );
    expect(page.match(/data-testid="rating-row"/g)).toHaveLength(3);
    const row = page.match(/data-testid="queue-row">([\s\S]*?)<\/tr>/)?.[1] ?? '';
    const cells = [...row.matchAll(/<td>([^<]*)<\/td>/g)].map((cell) => cell[1]);
    expect(cells).toEqual(['acme', 'English Technical Support', '3', '3', '0', '2.67', '160']);
  });

  it('filters ratings by stars, queue and dates, and refuses a bad filter', async () => {
    const { cookie } = await session();
    const get = (query: string) => api.app.request(`/supervisor?${query}`, { headers: { cookie } });
    const low = await (await get('stars=1&stars=2')).text();
    expect(low.match(/data-testid="rating-row"/g)).toHaveLength(2);
    expect(low).not.toContain('Gloria was great');
    expect(
      (await (await get('queue=sales-en')).text()).match(/data-testid="rating-row"/g),
    ).toBeNull();
    expect(
      (await (await get('from=2026-11-03')).text()).match(/data-testid="rating-row"/g),
    ).toBeNull();
    expect(
      (await (await get('to=2026-11-02&intent=support')).text()).match(/data-testid="rating-row"/g),
    ).toHaveLength(3);
    const bad = await get('stars=9');
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/stars/);
  });

  it('moves a callback request through its statuses, recording who and when, with CSRF', async () => {
    const { cookie, csrf } = await session();
    const send = (body: Record<string, string>, headers: Record<string, string> = { cookie }) =>
      api.app.request(`/supervisor/callbacks/${callbackId}/status`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
    expect((await send({ status: 'done', _csrf: 'forged' })).status).toBe(403);
    expect((await send({ status: 'done', _csrf: csrf }, {})).status).toBe(401);
    expect((await send({ status: 'closed', _csrf: csrf })).status).toBe(400);
    expect((await api.repo.listCallbackRequests({}))[0]?.status).toBe('new');
    expect((await send({ status: 'done', _csrf: csrf })).status).toBe(303);
    expect((await api.repo.listCallbackRequests({}))[0]).toMatchObject({
      status: 'done',
      statusBy: 'sam',
      statusAt: api.clock.now,
    });
    // In the audit log, with who signed in how; refused attempts change nothing there.
    expect((await api.repo.listAudit({ limit: 1 }))[0]).toMatchObject({
      actor: 'sam',
      action: 'callback.status',
      outcome: 'success',
      method: 'password',
      subject: callbackId,
      siteId: 'acme',
      detail: 'done',
    });
  });

  it('exports the filtered ratings as CSV with formulas defused', async () => {
    const { cookie } = await session();
    const res = await api.app.request('/supervisor/ratings.csv?stars=2', { headers: { cookie } });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ratings.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'created_at,site,queue,intent,language,country,stars,comment,queue_name',
      `2026-11-02T15:00:00.000Z,acme,support-en,support,en,US,2,"'${formulaComment.replaceAll('"', '""')}",English Technical Support`,
    ]);
  });

  it('signs out only with the form token, clearing the cookie', async () => {
    const { cookie, csrf } = await session();
    const logout = (token: string) =>
      api.app.request('/supervisor/logout', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token }),
      });
    expect((await logout('forged')).status).toBe(403);
    const res = await logout(csrf);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/supervisor/login');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('ctc_supervisor='))).toMatch(
      /Max-Age=0/,
    );
  });
});

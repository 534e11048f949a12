// The worklist through the API: a visitor hangs up while it rings and leaves a number in the
// offer that follows (only for their own call); the supervisor sees the abandoned call, then
// the request that carries the number, takes it, writes notes, marks it; every change is in
// the audit log under their name, and every input is checked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supervisor } from '../../../../tests/support/api/seed-review.ts';
import { hashPassword } from '../password-hash.ts';
import {
  scopedSupervisorCookie,
  supervisorSession,
} from '../../../../tests/support/api/supervisor-sign-in.ts';
import { startTestApi, type TestApi } from '../../../../tests/support/api/test-api.ts';
import {
  bearer,
  placedCall,
  post,
  reportEvent,
  startSession,
  supportEn,
} from '../../../../tests/support/api/visitor.ts';

let api: TestApi;
let cookie: string;
let csrf: string;
beforeAll(async () => {
  api = await startTestApi((file) => {
    file.sites.acme!.limits = { ...file.sites.acme!.limits, sessionsPerIpPerMinute: 100 };
  });
  await api.repo.upsertUser({
    username: supervisor.username,
    passwordHash: await hashPassword(supervisor.password),
  });
  ({ cookie, csrf } = await supervisorSession(api));
}, 120_000);
afterAll(() => api?.close());

const visitorIp = '198.51.100.160';
/** A call that rang and that the visitor ended before anyone answered. */
async function abandonedCall(session: string, ip = visitorIp): Promise<string> {
  const callId = await placedCall(api, session, { ip });
  await reportEvent(api, callId, 'ringing', {});
  api.clock.now = new Date(api.clock.now.getTime() + 25_000);
  const ended = await reportEvent(api, callId, 'ended', {
    reason: 'visitor_hung_up',
    durationS: 0,
  });
  expect(ended.status).toBe(202);
  return callId;
}
const leaveNumber = (session: string, callId: string, ip = visitorIp) =>
  post(
    api,
    '/v1/callbacks',
    { phone: '(713) 555-0142', routing: supportEn, consent: true, callId },
    { ip, headers: { ...bearer(session), 'idempotency-key': randomUUID() } },
  );

const page = async () => {
  const res = await api.app.request('/supervisor', { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
};
/** A worklist row: `matches` picks it from the rows' HTML (from their testid on). */
const rowOf = (html: string, matches: string | RegExp) =>
  html
    .split(/<tr\s+data-testid=/)
    .find((row) => (typeof matches === 'string' ? row.includes(matches) : matches.test(row)))
    ?.split('</tr>')[0];
/** The row of an abandoned call (the calls list has a row of it too). */
const abandoned = (callId: string) => new RegExp(`^"abandoned-row"\\s+data-call-id="${callId}"`);
const text = (html = '') =>
  html
    .replace(/<textarea[\s\S]*?<\/textarea\s*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const act = (path: string, fields: Record<string, string>, as = cookie) =>
  api.app.request(`/supervisor/worklist/${path}`, {
    method: 'POST',
    headers: { cookie: as, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, ...fields }),
  });
const auditOf = async (subject: string) =>
  (await api.repo.listAudit({ limit: 100 }))
    .filter((entry) => entry.subject === subject)
    .map(({ actor, action, detail, siteId }) => ({ actor, action, detail, siteId }))
    .reverse();

describe('the abandoned-call worklist', () => {
  it('shows an abandoned call, then the number the visitor left for it, as one entry', async () => {
    const session = await startSession(api, visitorIp);
    const callId = await abandonedCall(session);

    const before = rowOf(await page(), abandoned(callId));
    expect(before, 'the abandoned call is in the worklist').toBeDefined();
    expect(text(before)).toContain('no number left');
    expect(text(before)).toContain('English Technical Support');
    expect(text(before)).toContain('Hung up while waiting, after 0:25');
    expect(before).toContain('data-testid="callback-status">new<');

    const left = await leaveNumber(session, callId);
    expect(left.status).toBe(201);
    const { id } = (await left.json()) as { id: string };
    const html = await page();
    expect(rowOf(html, abandoned(callId)), 'no second entry').toBeUndefined();
    const entry = rowOf(html, `data-callback-id="${id}"`)!;
    expect(entry).toContain('data-reason="abandoned"');
    expect(entry).toContain('href="tel:+17135550142"');
    expect(text(entry)).toContain('Hung up while waiting, after 0:25');

    // Taken, noted, done: each under the supervisor's name in the audit log.
    expect((await act(`callback/${id}/take`, {})).status).toBe(303);
    const noted = await act(`callback/${id}/notes`, { notes: 'Called, will try again\r\n' });
    expect(noted.status).toBe(303);
    expect((await act(`callback/${id}/status`, { status: 'done' })).status).toBe(303);
    const after = rowOf(await page(), `data-callback-id="${id}"`)!;
    expect(after).toMatch(/data-testid="worklist-assignee">sam</);
    expect(after).toContain('data-testid="callback-status">done<');
    expect(after).toMatch(/data-testid="worklist-notes"\s*>\nCalled, will try again<\/textarea/);
    expect(after).not.toContain('data-testid="worklist-take"');
    expect(await auditOf(id)).toEqual([
      { actor: 'sam', action: 'callback.take', detail: undefined, siteId: 'acme' },
      // The note's length, never its words: they may name people.
      { actor: 'sam', action: 'callback.notes', detail: '22 characters', siteId: 'acme' },
      { actor: 'sam', action: 'callback.status', detail: 'done', siteId: 'acme' },
    ]);
    // The number is the visitor's: nowhere in the logs.
    expect(api.logs.join('\n')).not.toMatch(/555.?0142/);
  });

  it("refuses a number for another visitor's call", async () => {
    const callId = await abandonedCall(await startSession(api, visitorIp));
    const stranger = await startSession(api, '198.51.100.161');
    const res = await leaveNumber(stranger, callId, '198.51.100.161');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'call_not_found' });
    expect(rowOf(await page(), abandoned(callId))).toBeDefined();
  });

  it('works an abandoned call without a number: taken and marked unreachable', async () => {
    const callId = await abandonedCall(await startSession(api, visitorIp));
    expect((await act(`abandoned/${callId}/take`, {})).status).toBe(303);
    expect((await act(`abandoned/${callId}/status`, { status: 'unreachable' })).status).toBe(303);
    const row = rowOf(await page(), abandoned(callId))!;
    expect(row).toMatch(/data-testid="worklist-assignee">sam</);
    expect(row).toContain('data-testid="callback-status">unreachable<');
    // Tried again later, or closed.
    expect(row).toContain('data-testid="callback-start"');
    expect(row).toContain('data-testid="callback-done"');
    expect(await auditOf(callId)).toEqual([
      { actor: 'sam', action: 'abandoned.take', detail: undefined, siteId: 'acme' },
      { actor: 'sam', action: 'abandoned.status', detail: 'unreachable', siteId: 'acme' },
    ]);
  });

  it('checks every input, the form token and the scope', async () => {
    const callId = await abandonedCall(await startSession(api, visitorIp));
    const refused = async (res: Response, status: number, message: RegExp) => {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    };
    await refused(await act(`calls/${callId}/take`, {}), 400, /kind/);
    await refused(await act(`abandoned/not-a-uuid/take`, {}), 400, /id/);
    await refused(await act(`abandoned/${callId}/close`, {}), 400, /action/);
    await refused(await act(`abandoned/${callId}/status`, { status: 'closed' }), 400, /status/);
    await refused(
      await act(`abandoned/${callId}/notes`, { notes: 'x'.repeat(1001) }),
      400,
      /notes: at most 1000 characters/,
    );
    await refused(await act(`abandoned/${callId}/take`, { extra: '1' }), 400, /extra/);
    await refused(await act(`abandoned/${randomUUID()}/take`, {}), 404, /No such/);
    await refused(await act(`abandoned/${callId}/take`, { _csrf: 'stale' }), 403, /stale/);
    const elsewhere = scopedSupervisorCookie(api, ['beta']);
    const res = await api.app.request(`/supervisor/worklist/abandoned/${callId}/take`, {
      method: 'POST',
      headers: { cookie: elsewhere, 'content-type': 'application/x-www-form-urlencoded' },
      // Its own form token: the scoped supervisor's session is another.
      body: new URLSearchParams({ _csrf: await csrfFor(elsewhere) }),
    });
    await refused(res, 404, /No such/);
    expect(await auditOf(callId)).toEqual([]);
    const signedOut = await api.app.request(`/supervisor/worklist/abandoned/${callId}/take`, {
      method: 'POST',
    });
    expect(signedOut.status).toBe(401);
  });
});

async function csrfFor(as: string): Promise<string> {
  const res = await api.app.request('/supervisor', { headers: { cookie: as } });
  return (await res.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
}

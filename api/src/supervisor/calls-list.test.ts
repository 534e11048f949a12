// The calls list on the supervisor review page: every call with its queue's name, wait, talk
// time, end in words, agent, connection test, in-call quality, rating and callback, newest
// first and paged; its filters and search; and the calls and callback requests as CSV.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import { seedCallbacks, type SeededCallbacks } from '../../../tests/support/api/seed-callbacks.ts';
import { seedCalls, type SeededCalls } from '../../../tests/support/api/seed-calls.ts';
import { seedReview } from '../../../tests/support/api/seed-review.ts';
import { supervisorSession } from '../../../tests/support/api/supervisor-sign-in.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import { placedCall, reportEvent, startSession } from '../../../tests/support/api/visitor.ts';

let api: TestApi;
let callbacks: SeededCallbacks;
let calls: SeededCalls;
/** Answered by an "agent" whose name, from the PBX's headers, is a spreadsheet formula. */
let hostile: string;
const formulaAgent = '=HYPERLINK("http://evil.example","x")';
/** Older calls, in October: enough to fill a page past the ones above. */
const fillers = 50;
let cookie: string;
beforeAll(async () => {
  api = await startTestApi((file) => {
    file.sites.acme!.limits = { ...file.sites.acme!.limits, sessionsPerIpPerMinute: 100 };
  });
  await seedReview(api);
  callbacks = await seedCallbacks(api);
  calls = await seedCalls(api);
  const before = api.clock.now;
  api.clock.now = new Date('2026-11-01T15:00:00Z');
  const ip = '198.51.100.140';
  hostile = await placedCall(api, await startSession(api, ip), { ip });
  await reportEvent(api, hostile, 'answered', { codec: 'opus', agentName: formulaAgent });
  api.clock.now = before;
  for (let i = 0; i < fillers; i++) {
    const madeAt = new Date(Date.parse('2026-10-01T12:00:00Z') + i * 60_000);
    const call = {
      id: randomUUID(),
      siteId: 'acme',
      sessionId: randomUUID(),
      queue: 'billing-en',
      queueDisplayName: 'English Billing',
      routing: { intent: 'billing', language: 'en', country: 'US' },
      createdAt: madeAt,
      tokenExpiresAt: new Date(madeAt.getTime() + 120_000),
    };
    await api.repo.recordEvent(createdEvent(call), madeAt);
  }
  ({ cookie } = await supervisorSession(api));
}, 120_000);
afterAll(() => api.close());

const get = (path: string) => api.app.request(path, { headers: { cookie } });
async function page(query = '') {
  const res = await get(`/supervisor?${query}`);
  expect(res.status).toBe(200);
  return res.text();
}
/** The call rows' HTML by call id, in page order. */
function callRows(html: string): Map<string, string> {
  return new Map(
    html
      .split('<tr data-testid="call-row"')
      .slice(1)
      .map((row) => [row.match(/data-call-id="([^"]+)"/)![1]!, row.split('</tr>')[0]!]),
  );
}
const ids = async (query: string) => [...callRows(await page(query)).keys()];
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replaceAll('&#39;', "'")
    .trim();
const cell = (row: string, testId: string) =>
  text(row.match(new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</td>`))?.[1] ?? '');
const hrefOf = (row: string, testId: string) =>
  row
    .match(new RegExp(`href="([^"]+)"[^>]*data-testid="${testId}"`))?.[1]
    ?.replaceAll('&amp;', '&');
async function csv(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  return { res, lines: (await res.text()).trimEnd().split('\r\n') };
}

describe('the calls list', () => {
  it('shows each call with its wait, talk time, end in words, agent and quality', async () => {
    const rows = callRows(await page());
    const measured = rows.get(calls.measured.callId)!;
    expect(text(measured.match(/<td>([\s\S]*?)<\/td>/)![1]!)).toBe(
      `5 Nov 2026, 10:05 call ${calls.measured.callId.slice(0, 8)}`,
    );
    expect(cell(measured, 'call-queue')).toBe('English Technical Support');
    expect(cell(measured, 'call-wait')).toBe('0:12');
    expect(cell(measured, 'call-talk')).toBe('2:05');
    expect(cell(measured, 'call-end')).toBe('Agent hung up');
    expect(cell(measured, 'call-agent')).toBe('Rui Costa');
    expect(cell(measured, 'call-connection')).toBe('-');
    expect(cell(measured, 'call-quality')).toBe('MOS 4.3, 0.4 % loss, 2.5 ms jitter, 48 ms RTT');
    expect(cell(measured, 'call-rating')).toBe('-');

    const abandoned = rows.get(calls.abandoned.callId)!;
    expect(cell(abandoned, 'call-queue')).toBe('English Sales');
    // Unanswered: the wait runs to the end, and nobody talked.
    expect(cell(abandoned, 'call-wait')).toBe('0:25');
    expect(cell(abandoned, 'call-talk')).toBe('0:00');
    expect(cell(abandoned, 'call-end')).toBe('Visitor hung up');
    expect(cell(abandoned, 'call-agent')).toBe('-');
    expect(cell(abandoned, 'call-connection')).toBe(
      'poor: 212 ms RTT, 31.3 ms jitter, 7.5 % loss, TCP',
    );
    expect(cell(abandoned, 'call-quality')).toBe('not measured');

    expect(cell(rows.get(callbacks.afterCutOff.callId)!, 'call-end')).toBe(
      "Agent's side lost (no audio or dialog)",
    );
    // A call media never reported past `created` is still going on.
    expect(cell(rows.get(hostile)!, 'call-end')).toBe('In progress (talking)');
  });

  it('lists the newest first, a page at a time, the filters kept', async () => {
    const first = await page('callQueue=');
    const onFirst = [...callRows(first).keys()];
    expect(onFirst).toHaveLength(50);
    expect(onFirst.slice(0, 4)).toEqual([
      calls.measured.callId,
      calls.abandoned.callId,
      callbacks.afterCutOff.callId,
      callbacks.afterRating.callId,
    ]);
    expect(first).not.toContain('data-testid="calls-newer"');
    const older = first.match(/href="([^"]+)"[^>]*data-testid="calls-older"/)?.[1];
    expect(older?.replaceAll('&amp;', '&')).toBe('/supervisor?callQueue=&callPage=2#calls');
    const second = await page('callPage=2');
    const onSecond = [...callRows(second).keys()];
    // 4 + 3 (seed-review.ts) + the hostile one + the fillers: 58 in all.
    expect(onSecond).toHaveLength(58 - 50);
    expect(onSecond.some((id) => onFirst.includes(id))).toBe(false);
    expect(second).toContain('data-testid="calls-newer"');
    expect(second).not.toContain('data-testid="calls-older"');
  });

  it('links to the rating and the callback request that followed a call', async () => {
    const html = await page();
    const row = callRows(html).get(callbacks.afterRating.callId)!;
    expect(cell(row, 'call-rating')).toBe('1 of 5');
    const rating = hrefOf(row, 'call-rating-link')!;
    expect(rating).toMatch(/^#rating-[0-9a-f-]{36}$/);
    expect(html).toContain(`id="${rating.slice(1)}"`);
    expect(cell(row, 'call-callback')).toBe('new');
    const callback = hrefOf(row, 'call-callback-link')!;
    expect(callback).toBe(
      `/supervisor?callbackSearch=${callbacks.afterRating.callId}#callback-${callbacks.afterRating.id}`,
    );
    // Whatever the callback filters said, the link's page lists that request.
    const there = await page(
      new URL(callback.replace('?', '?callbackStatus=done&'), 'http://x').search.slice(1),
    );
    expect(there).not.toContain(`id="callback-${callbacks.afterRating.id}"`);
    const followed = await page(new URL(callback, 'http://x').search.slice(1));
    expect(followed).toContain(`id="callback-${callbacks.afterRating.id}"`);
  });

  it('filters by dates in the zone, queue, end reason, answer, rating and search', async () => {
    const { measured, abandoned } = calls;
    expect(await ids('callFrom=2026-11-05&callTo=2026-11-05')).toEqual([
      measured.callId,
      abandoned.callId,
    ]);
    // 03:00 UTC on the 4th is the 3rd at 21:00 in Chicago.
    expect(await ids('callFrom=2026-11-03&callTo=2026-11-03')).toEqual([
      callbacks.afterCutOff.callId,
      callbacks.afterRating.callId,
    ]);
    expect(await ids('tz=UTC&callFrom=2026-11-04&callTo=2026-11-04')).toEqual([
      callbacks.afterCutOff.callId,
    ]);
    expect(await ids('callQueue=sales-en')).toEqual([abandoned.callId]);
    expect(await ids('callEnd=agent_hung_up')).toEqual([measured.callId]);
    expect(await ids('callAnswered=no&callFrom=2026-11-01')).toEqual([abandoned.callId]);
    expect(await ids('callRated=yes')).toHaveLength(4);
    expect(await ids('callRated=no&callFrom=2026-11-01')).toEqual([
      measured.callId,
      abandoned.callId,
      callbacks.afterCutOff.callId,
      hostile,
    ]);
    expect(await ids('callSearch=rui')).toEqual([measured.callId]);
    expect(await ids(`callSearch=${abandoned.callId.slice(0, 8).toUpperCase()}`)).toEqual([
      abandoned.callId,
    ]);
    const searched = await page('callSearch=Rui+Costa');
    expect(searched).toMatch(/name="callSearch"\s+value="Rui Costa"/);
    expect(searched).toMatch(/<option value="sales-en"\s*>\s*English Sales\s*<\/option>/);
  });

  it('refuses a bad filter with a 400 that names it', async () => {
    const refused = async (query: string, field: RegExp) => {
      const res = await get(`/supervisor?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(field);
    };
    await refused('callEnd=hung_up', /callEnd/);
    await refused('callAnswered=maybe', /callAnswered/);
    await refused('callSearch=%3Dcmd', /callSearch: search for a call id/);
    await refused('callPage=0', /callPage/);
    await refused('callFrom=2026-11-05&callTo=2026-11-04', /callTo: must not be before/);
  });
});

describe('the CSV exports', () => {
  it('are for signed-in supervisors only', async () => {
    for (const path of ['/supervisor/calls.csv', '/supervisor/callbacks.csv']) {
      const res = await api.app.request(path);
      expect(res.status, path).toBe(401);
      expect(await res.text()).not.toMatch(/\+1\d{10}/);
    }
  });

  it('export the filtered calls, every page, formulas defused', async () => {
    const { res, lines } = await csv('/supervisor/calls.csv?callQueue=sales-en&callPage=2');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="calls.csv"');
    expect(lines[0]).toBe(
      'created_at,call_id,site,queue,queue_name,intent,language,country,answered_at,ended_at,' +
        'wait_s,talk_s,end_reason,end_reason_text,agent,connection_verdict,connection_rtt_ms,' +
        'connection_jitter_ms,connection_loss_pct,mos,loss_pct,jitter_ms,rtt_ms,stars,' +
        'rating_id,callback_id,callback_status,' +
        'consent_version,consent_language,consent_accepted_at,consent_text_sha256',
    );
    expect(lines.slice(1)).toEqual([
      `2026-11-05T16:00:00.000Z,${calls.abandoned.callId},acme,sales-en,English Sales,sales,en,US,` +
        ',2026-11-05T16:00:25.000Z,25,0,visitor_hung_up,Visitor hung up,,poor,212,31.3,7.5,,,,,,,,' +
        // No notice on the demo site: nothing accepted.
        ',,,,',
    ]);
    // Every page: the 58 calls, whatever page the list was on.
    expect((await csv('/supervisor/calls.csv?callPage=2')).lines).toHaveLength(1 + 58);
    const measured = (await csv('/supervisor/calls.csv?callSearch=rui')).lines[1];
    expect(measured).toMatch(
      /,12,125,agent_hung_up,Agent hung up,Rui Costa,,,,,4.3,0.4,2.5,48,,,,,,,,$/,
    );
    const rated = (await csv(`/supervisor/calls.csv?callSearch=${callbacks.afterRating.callId}`))
      .lines[1];
    expect(rated).toMatch(new RegExp(`,1,[0-9a-f-]{36},${callbacks.afterRating.id},new,,,,$`));
    const { lines: hostileLines } = await csv(`/supervisor/calls.csv?callSearch=${hostile}`);
    expect(hostileLines[1]).toContain(`,"'${formulaAgent.replaceAll('"', '""')}",`);
    expect(hostileLines.join('\n')).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('export the callback requests with the callbacks filters, numbers in E.164', async () => {
    const { res, lines } = await csv('/supervisor/callbacks.csv?callbackQueue=support-en');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="callbacks.csv"');
    expect(lines[0]).toBe(
      'created_at,callback_id,site,phone,queue,queue_name,reason,intent,language,country,' +
        'window_from,window_to,status,status_by,status_at,call_id,rating_stars,consent_at,' +
        'personal_data_erased_at',
    );
    const { afterRating, afterCutOff } = callbacks;
    expect(lines.slice(1)).toEqual([
      `2026-11-04T03:00:00.000Z,${afterCutOff.id},acme,"'+12125550199",support-en,` +
        'English Technical Support,After a call cut off (agent lost),support,en,US,,,new,,,' +
        `${afterCutOff.callId},,2026-11-04T03:00:00.000Z,`,
      `2026-11-03T16:00:00.000Z,${afterRating.id},acme,"'+442079460018",support-en,` +
        'English Technical Support,After a 1-star rating,support,en,GB,,,new,,,' +
        `${afterRating.callId},1,2026-11-03T16:00:00.000Z,`,
    ]);
    const oldest = await csv('/supervisor/callbacks.csv?callbackSort=oldest&callbackSearch=7946');
    expect(oldest.lines).toHaveLength(2);
    expect(oldest.lines[1]).toContain(afterRating.id);
    expect((await csv('/supervisor/callbacks.csv')).lines).toHaveLength(1 + 5);
  });
});

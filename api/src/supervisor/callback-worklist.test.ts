// The callback requests on the supervisor review page: why each was asked for, the number to
// call, queue names, times in the supervisor's zone, and the filters, sort and search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCallbacks, type SeededCallbacks } from '../../../tests/support/api/seed-callbacks.ts';
import { seedReview } from '../../../tests/support/api/seed-review.ts';
import { supervisorSession } from '../../../tests/support/api/supervisor-sign-in.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';

let api: TestApi;
let seeded: SeededCallbacks;
/** seed-review.ts's request: sales, a US number, at the clock's start (2 Nov, 09:00 Chicago). */
let firstId: string;
let cookie: string;
let csrf: string;
beforeAll(async () => {
  api = await startTestApi((file) => {
    file.sites.acme!.limits = { ...file.sites.acme!.limits, sessionsPerIpPerMinute: 100 };
  });
  firstId = (await seedReview(api)).callbackId;
  seeded = await seedCallbacks(api);
  ({ cookie, csrf } = await supervisorSession(api));
}, 60_000);
afterAll(() => api.close());

const get = (query = '') => api.app.request(`/supervisor?${query}`, { headers: { cookie } });
async function page(query = '') {
  const res = await get(query);
  expect(res.status).toBe(200);
  return res.text();
}
/** The callback rows' HTML by request id, in page order. */
function callbackRows(html: string): Map<string, string> {
  return new Map(
    html
      .split('<tr data-testid="callback-row"')
      .slice(1)
      .map((row) => [row.match(/data-callback-id="([^"]+)"/)![1]!, row.split('</tr>')[0]!]),
  );
}
const ids = async (query: string) => [...callbackRows(await page(query)).keys()];
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const cell = (row: string, testId: string) =>
  text(row.match(new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</td>`))?.[1] ?? '');

describe('callback requests on the review page', () => {
  it('says why each was asked for, from its call, its rating and its queue hours', async () => {
    const rows = callbackRows(await page());
    const reason = (id: string) => rows.get(id)!.match(/data-reason="([^"]+)"/)?.[1];
    expect(reason(seeded.asked.id)).toBe('other');
    expect(reason(seeded.afterRating.id)).toBe('rating');
    expect(reason(seeded.afterCutOff.id)).toBe('cut_off');
    expect(reason(seeded.whenClosed.id)).toBe('closed');
    expect(cell(rows.get(seeded.afterRating.id)!, 'callback-reason')).toMatch(
      new RegExp(
        `^After a 1-star rating See the rating call ${seeded.afterRating.callId.slice(0, 8)}$`,
      ),
    );
    expect(cell(rows.get(seeded.afterCutOff.id)!, 'callback-reason')).toMatch(
      /^After a call cut off \(agent lost\) call [0-9a-f]{8}$/,
    );
    expect(cell(rows.get(seeded.whenClosed.id)!, 'callback-reason')).toBe(
      'After the Closed screen (outside business hours)',
    );
    expect(cell(rows.get(seeded.asked.id)!, 'callback-reason')).toBe('Other');
  });

  it('links to the rating it followed, on the page or on the page of its day', async () => {
    const all = await page();
    const link = callbackRows(all)
      .get(seeded.afterRating.id)!
      .match(/href="([^"]+)"[^>]*data-testid="callback-rating-link"/)?.[1];
    expect(link).toMatch(/^#rating-[0-9a-f-]{36}$/);
    expect(all).toContain(`id="${link!.slice(1)}"`);
    expect(text(all.split(`id="${link!.slice(1)}"`)[1]!.split('</tr>')[0]!)).toContain(
      'nobody could help',
    );

    // Filtered to 5 stars, the 1-star rating is not on the page: the link goes to its day.
    const row = callbackRows(await page('stars=5')).get(seeded.afterRating.id)!;
    const away = row.match(/href="([^"]+)"[^>]*data-testid="callback-rating-link"/)?.[1];
    expect(away?.replaceAll('&amp;', '&')).toBe(
      `/supervisor?tz=America%2FChicago&from=2026-11-03&to=2026-11-03${link}`,
    );
    const there = await page(away!.replaceAll('&amp;', '&').split('?')[1]!.split('#')[0]);
    expect(there).toContain(`id="${link!.slice(1)}"`);
  });

  it('gives each number as a tel: link in E.164, written the national way', async () => {
    const rows = callbackRows(await page());
    const phone = (id: string) =>
      rows
        .get(id)!
        .match(/<a\s+href="(tel:[^"]+)"[^>]*>([^<]+)<\/a\s*>/)
        ?.slice(1);
    expect(phone(seeded.asked.id)).toEqual(['tel:+17139293714', '(713) 929-3714']);
    expect(phone(seeded.afterRating.id)).toEqual(['tel:+442079460018', '020 7946 0018']);
  });

  it('names queues by their display names, in the table, the summary and the filters', async () => {
    const html = await page();
    const rows = callbackRows(html);
    expect(cell(rows.get(seeded.asked.id)!, 'callback-queue')).toBe('English Sales');
    expect(cell(rows.get(seeded.afterRating.id)!, 'callback-queue')).toBe(
      'English Technical Support',
    );
    const summary = [...html.matchAll(/data-testid="queue-row">([\s\S]*?)<\/tr>/g)].map((row) =>
      text(row[1]!),
    );
    expect(summary).toContain('acme English Technical Support 5 5 0 2.25 113');
    expect(html).not.toMatch(/<td[^>]*>\s*support-en\s*<\/td>/);
    expect(html).toMatch(/<option value="sales-en"\s*>\s*English Sales\s*<\/option>/);
  });

  it("shows times as <time> in the sites' zone, labelled, or in the zone asked for", async () => {
    const html = await page();
    expect(text(html.match(/data-testid="time-zone">([\s\S]*?)<\/p>/)![1]!)).toMatch(
      /^Times are in America\/Chicago \(GMT-6 now\)\./,
    );
    const requested = (row: string) => row.match(/<time[^>]*>[^<]*<\/time\s*>/)?.[0];
    expect(requested(callbackRows(html).get(seeded.asked.id)!)).toMatch(
      /^<time datetime="2026-11-02T16:00:00.000Z" title="2026-11-02 16:00 UTC"\s*>2 Nov 2026, 10:00<\/time\s*>$/,
    );
    const madrid = callbackRows(await page('tz=Europe%2FMadrid')).get(seeded.asked.id)!;
    expect(requested(madrid)).toMatch(/>2 Nov 2026, 17:00<\/time\s*>$/);
  });

  it('filters by status, queue and dates read in the zone, and sorts', async () => {
    const { asked, afterRating, afterCutOff, whenClosed } = seeded;
    const newestFirst = [whenClosed.id, afterCutOff.id, afterRating.id, asked.id, firstId];
    expect(await ids('')).toEqual(newestFirst);
    expect(await ids('callbackSort=newest')).toEqual(newestFirst);
    expect(await ids('callbackSort=oldest')).toEqual([...newestFirst].reverse());
    expect(await ids('callbackQueue=sales-en')).toEqual([whenClosed.id, asked.id, firstId]);
    expect(await ids('callbackQueue=sales-en&callbackSort=oldest')).toEqual([
      firstId,
      asked.id,
      whenClosed.id,
    ]);
    // 03:00 UTC on the 4th is the 3rd at 21:00 in Chicago.
    expect(await ids('callbackFrom=2026-11-03&callbackTo=2026-11-03')).toEqual([
      afterCutOff.id,
      afterRating.id,
    ]);
    expect(await ids('tz=UTC&callbackFrom=2026-11-04&callbackTo=2026-11-04')).toEqual([
      afterCutOff.id,
    ]);

    const done = await api.app.request(`/supervisor/callbacks/${afterCutOff.id}/status`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ status: 'done', _csrf: csrf, _back: 'callbackStatus=new' }),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/supervisor?callbackStatus=new#callbacks');
    expect(await ids('callbackStatus=new')).not.toContain(afterCutOff.id);
    expect(await ids('callbackStatus=done')).toEqual([afterCutOff.id]);
  });

  it('searches by phone digits, as typed in any format, or by call id', async () => {
    const { afterRating, afterCutOff } = seeded;
    expect(await ids('callbackSearch=7946')).toEqual([afterRating.id]);
    // Eight digits could start a call id too: both are searched.
    expect(await ids('callbackSearch=79460018')).toEqual([afterRating.id]);
    expect(await ids(`callbackSearch=${encodeURIComponent('020 7946 0018')}`)).toEqual([
      afterRating.id,
    ]);
    expect(await ids(`callbackSearch=${encodeURIComponent('(212) 555-0199')}`)).toEqual([
      afterCutOff.id,
    ]);
    expect(await ids(`callbackSearch=${afterCutOff.callId.slice(0, 8)}`)).toEqual([afterCutOff.id]);
    expect(await ids(`callbackSearch=${afterRating.callId.toUpperCase()}`)).toEqual([
      afterRating.id,
    ]);
    const searched = await page('callbackSearch=7946');
    expect(searched).toMatch(/name="callbackSearch"\s+value="7946"/);
  });

  it('refuses a bad parameter with a 400 that names it', async () => {
    const refused = async (query: string, field: RegExp) => {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('invalid_request');
      expect(body.message).toMatch(field);
    };
    await refused('callbackStatus=closed', /callbackStatus/);
    await refused('callbackSort=random', /callbackSort/);
    await refused('callbackSearch=ab', /callbackSearch: search for at least 3 digits/);
    await refused('callbackSearch=john', /callbackSearch/);
    await refused('callbackQueue=sales%20en', /callbackQueue/);
    await refused('callbackFrom=2026-11-31', /callbackFrom/);
    await refused(
      'callbackFrom=2026-11-05&callbackTo=2026-11-04',
      /callbackTo: must not be before/,
    );
    await refused('tz=Mars%2FOlympus', /tz: must be an IANA time zone/);
    await refused('sort=newest', /Unrecognized key.*sort/);
  });

  it('goes back to the plain page after a status change from a page it would refuse', async () => {
    const res = await api.app.request(`/supervisor/callbacks/${seeded.asked.id}/status`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ status: 'in_progress', _csrf: csrf, _back: '//evil.example/x' }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/supervisor#callbacks');
  });

  it('exports ratings with the queue ids and, last, their display names', async () => {
    const res = await api.app.request('/supervisor/ratings.csv?stars=1', { headers: { cookie } });
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('created_at,site,queue,intent,language,country,stars,comment,queue_name');
    expect(lines.slice(1)).toContain(
      '2026-11-03T16:00:00.000Z,acme,support-en,support,en,US,1,nobody could help,English Technical Support',
    );
  });
});

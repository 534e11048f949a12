// A supervisor's journey in Debian's Chromium against the real API app served on loopback:
// sign in, filter ratings, find a callback request and the rating it followed, mark one done,
// list the calls and filter them by queue, export ratings, calls and callback requests as CSV;
// a <script> in a visitor's comment shows as text and never runs; the page fits a phone and
// passes axe-core's WCAG 2.2 AA rules at a desktop's width and a phone's. Each test has a
// browser context of its own and signs in itself (through the form, or with the session
// cookie the first sign-in got: use-supervisor-review.ts); they only read the seeded data,
// except the callback test, which makes its own request. So any test runs alone or in any
// order.
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  formulaComment,
  requestCallback,
  scriptComment,
  supervisor,
} from '../support/api/seed-review.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { signIn, useSupervisorReview } from '../support/e2e/use-supervisor-review.ts';

const review = useSupervisorReview();
const rows = () => review.page.getByTestId('rating-row');

/** Clicks the link `testId` and returns the CSV it downloads, saved out of the browser. */
async function downloadCsv(testId: string, filename: string): Promise<string[]> {
  const { page } = review;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  expect(download.suggestedFilename()).toBe(filename);
  // The browser runs as a server process, so the download is saved out of it first.
  const saved = join(tmpdir(), `${process.pid}-${filename}`);
  await download.saveAs(saved);
  const csv = await readFile(saved, 'utf8');
  await rm(saved, { force: true });
  return csv.trimEnd().split('\r\n');
}

describe('supervisor review in Chromium', () => {
  it('signs in', async () => {
    const { page, base } = review;
    await page.goto(`${base}/supervisor`);
    expect(new URL(page.url()).pathname).toBe('/supervisor/login');
    await page.getByTestId('login-username').fill(supervisor.username);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe('Wrong user name or password');
    await page.getByTestId('login-username').fill(supervisor.username);
    await page.getByTestId('login-password').fill(supervisor.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('sam');
    expect(await rows().count()).toBe(4);
  });

  describe('signed in', () => {
    beforeEach(() => signIn(review.page, review.base));

    it('shows a <script> in a comment as text, and never runs it', async () => {
      const { page } = review;
      const comments = await page.getByTestId('rating-comment').allTextContents();
      expect(comments).toContain(scriptComment);
      expect(await page.locator('[data-testid="ratings"] script').count()).toBe(0);
      expect(await page.title()).toBe('Review - click-to-call');
    });

    it('filters ratings by stars', async () => {
      const { page } = review;
      await page.getByTestId('filter-stars-1').check();
      await page.getByTestId('filter-stars-2').check();
      await page.getByTestId('filter-apply').click();
      await page.waitForURL(/stars=1&stars=2/);
      expect(await rows().count()).toBe(3);
      expect(await page.getByTestId('rating-stars').allTextContents()).toEqual(
        expect.arrayContaining(['1', '2']),
      );
      expect(await page.getByTestId('rating-comment').allTextContents()).not.toContain(
        'Gloria was great',
      );
    });

    it('marks a callback request done, recording who did it', async () => {
      const { page, api, base } = review;
      const id = await requestCallback(api, '198.51.100.105');
      await page.goto(`${base}/supervisor`);
      const row = page.locator(`[data-testid="callback-row"][data-callback-id="${id}"]`);
      expect(await row.getByTestId('callback-status').textContent()).toBe('new');
      await row.getByTestId('callback-done').click();
      await expect.poll(() => row.getByTestId('callback-status').textContent()).toBe('done');
      expect(await row.getByTestId('callback-by').textContent()).toBe('sam');
      expect(await row.getByTestId('callback-done').count()).toBe(0);
      const stored = (await api.repo.listCallbackRequests({})).find((r) => r.id === id);
      expect(stored).toMatchObject({ status: 'done', statusBy: 'sam' });
    });

    it('finds a callback request by the digits of its number, and the rating it followed', async () => {
      const { page, callbacks } = review;
      await page.getByTestId('filter-callbackSearch').fill('7946 0018');
      await page.getByTestId('callback-filter-apply').click();
      await page.waitForURL(/callbackSearch=7946\+0018/);
      const found = page.getByTestId('callback-row');
      expect(await found.count()).toBe(1);
      expect(await found.getAttribute('data-callback-id')).toBe(callbacks.afterRating.id);
      expect(await found.getByTestId('callback-reason').textContent()).toMatch(
        /After a 1-star rating/,
      );
      const phone = found.getByTestId('callback-phone-link');
      expect(await phone.textContent()).toBe('020 7946 0018');
      expect(await phone.getAttribute('href')).toBe('tel:+442079460018');
      // The other filters kept what they had: one form holds them all.
      expect(await page.getByTestId('filter-tz').inputValue()).toBe('America/Chicago');
      await found.getByTestId('callback-rating-link').click();
      await page.waitForURL(/#rating-/);
      expect(await page.locator('tr:target').getByTestId('rating-comment').textContent()).toBe(
        'nobody could help',
      );
    });

    it('shows times in the zone the supervisor picks', async () => {
      const { page, callbacks } = review;
      const requested = page.locator(`[data-callback-id="${callbacks.asked.id}"] time`).first();
      expect(await requested.getAttribute('datetime')).toBe('2026-11-02T16:00:00.000Z');
      expect(await requested.textContent()).toBe('2 Nov 2026, 10:00');
      await page.getByTestId('filter-tz').selectOption('UTC');
      await page.getByTestId('time-zone-apply').click();
      await page.waitForURL(/tz=UTC/);
      expect(await page.getByTestId('time-zone-name').textContent()).toBe('UTC');
      expect(await requested.textContent()).toBe('2 Nov 2026, 16:00');
    });

    it("lists the rig's calls, newest first, and filters them by queue", async () => {
      const { page, calls, callbacks } = review;
      const callRows = page.getByTestId('call-row');
      // seed-review.ts's 3 rated calls, seed-callbacks.ts's 2, seed-calls.ts's 2.
      expect(await callRows.count()).toBe(7);
      expect(await callRows.first().getAttribute('data-call-id')).toBe(calls.measured.callId);
      const measured = callRows.first();
      expect(await measured.getByTestId('call-queue').textContent()).toBe(
        'English Technical Support',
      );
      expect(await measured.getByTestId('call-wait').textContent()).toBe('0:12');
      expect(await measured.getByTestId('call-talk').textContent()).toBe('2:05');
      expect(await measured.getByTestId('call-agent').textContent()).toBe('Rui Costa');
      expect(await measured.locator('time').textContent()).toBe('5 Nov 2026, 10:05');
      const rated = page.locator(
        `[data-testid="call-row"][data-call-id="${callbacks.afterRating.callId}"]`,
      );
      expect(await rated.getByTestId('call-rating').textContent()).toBe('1 of 5');

      await page.getByTestId('filter-callQueue').selectOption('sales-en');
      await page.getByTestId('call-filter-apply').click();
      await page.waitForURL(/callQueue=sales-en/);
      expect(await callRows.count()).toBe(1);
      const abandoned = callRows.first();
      expect(await abandoned.getAttribute('data-call-id')).toBe(calls.abandoned.callId);
      expect(await abandoned.getByTestId('call-queue').textContent()).toBe('English Sales');
      expect(await abandoned.getByTestId('call-end').textContent()).toBe('Visitor hung up');
      expect(await abandoned.getByTestId('call-wait').textContent()).toBe('0:25');
      expect(await abandoned.getByTestId('call-connection').textContent()).toBe(
        'poor: 212 ms RTT, 31.3 ms jitter, 7.5 % loss, TCP',
      );
      expect(await page.getByTestId('filter-callQueue').inputValue()).toBe('sales-en');
    });

    it("follows a call's link to the callback request made after it", async () => {
      const { page, callbacks } = review;
      const row = page.locator(
        `[data-testid="call-row"][data-call-id="${callbacks.afterCutOff.callId}"]`,
      );
      await row.getByTestId('call-callback-link').click();
      await page.waitForURL(/#callback-/);
      const target = page.locator('tr:target');
      expect(await target.getAttribute('data-callback-id')).toBe(callbacks.afterCutOff.id);
      expect(await target.getByTestId('callback-phone-link').textContent()).toBe('(212) 555-0199');
    });

    it('exports the filtered calls and callback requests as CSV', async () => {
      const { page, base, calls, callbacks } = review;
      await page.goto(`${base}/supervisor?callQueue=sales-en&callbackQueue=support-en`);
      const callLines = await downloadCsv('export-calls-csv', 'calls.csv');
      expect(callLines[0]).toMatch(/^created_at,call_id,site,queue,queue_name,intent,/);
      expect(callLines.slice(1)).toEqual([
        `2026-11-05T16:00:00.000Z,${calls.abandoned.callId},acme,sales-en,English Sales,` +
          'sales,en,US,,2026-11-05T16:00:25.000Z,25,0,visitor_hung_up,Visitor hung up,,' +
          'poor,212,31.3,7.5,,,,,,,,,,,,',
      ]);
      const callbackLines = await downloadCsv('export-callbacks-csv', 'callbacks.csv');
      expect(callbackLines[0]).toMatch(/^created_at,callback_id,site,phone,queue,queue_name,/);
      expect(callbackLines.slice(1).map((line) => line.split(',').slice(1, 7))).toEqual([
        [
          callbacks.afterCutOff.id,
          'acme',
          `"'+12125550199"`,
          'support-en',
          'English Technical Support',
          'After a call cut off (agent lost)',
        ],
        [
          callbacks.afterRating.id,
          'acme',
          `"'+442079460018"`,
          'support-en',
          'English Technical Support',
          'After a 1-star rating',
        ],
      ]);
    });

    it('exports the filtered ratings as CSV, formulas defused', async () => {
      const { page, base } = review;
      await page.goto(`${base}/supervisor?stars=1&stars=2`);
      const lines = await downloadCsv('export-csv', 'ratings.csv');
      const csv = lines.join('\r\n');
      expect(lines[0]).toBe(
        'created_at,site,queue,intent,language,country,stars,comment,queue_name',
      );
      expect(lines).toHaveLength(4);
      expect(csv).toContain(`"'${formulaComment.replaceAll('"', '""')}"`);
      expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    });
  });
});

describe('supervisor review on a phone and a desktop', () => {
  const widths = [
    { name: 'a phone', width: 375, height: 812 },
    { name: 'a desktop', width: 1280, height: 800 },
  ];
  for (const { name, width, height } of widths) {
    it(`fits ${name}'s width (${width} px) and passes axe-core`, async () => {
      const { page, base } = review;
      await page.setViewportSize({ width, height });
      await signIn(page, base);
      expect(await page.locator('main').count()).toBe(1);
      expect(
        await page
          .locator('main')
          .locator('h1, h2, h3')
          .evaluateAll((headings) => headings.map((h) => `${h.tagName} ${h.textContent?.trim()}`)),
      ).toEqual([
        'H1 Supervisor review',
        'H2 Ratings',
        'H2 Queues',
        'H2 Calls',
        'H2 Worklist: callback requests and abandoned calls',
      ]);
      // The page itself never scrolls sideways; a table wider than the screen scrolls in its
      // own captioned box.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ).toBe(true);
      if (width < 600) {
        for (const table of ['calls', 'callbacks']) {
          const box = page.locator('.table-scroll', { has: page.getByTestId(table) });
          expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
          expect(await box.getAttribute('aria-labelledby')).toBe(`${table}-caption`);
        }
      }
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

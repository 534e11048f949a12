// A supervisor's journey in Debian's Chromium against the real API app served on loopback:
// sign in, filter ratings, find a callback request and the rating it followed, mark one done,
// export CSV; a <script> in a visitor's comment shows as text and never runs; the page fits a
// phone and passes axe-core's WCAG 2.2 AA rules at a desktop's width and a phone's. Each test has a browser context of its own and signs in
// itself; they only read the seeded data, except the callback test, which makes its own request.
// So any test runs alone or in any order.
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

    it('exports the filtered ratings as CSV, formulas defused', async () => {
      const { page, base } = review;
      await page.goto(`${base}/supervisor?stars=1&stars=2`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-csv').click(),
      ]);
      expect(download.suggestedFilename()).toBe('ratings.csv');
      // The browser runs as a server process, so the download is saved out of it first.
      const saved = join(tmpdir(), `ratings-${process.pid}.csv`);
      await download.saveAs(saved);
      const csv = await readFile(saved, 'utf8');
      await rm(saved, { force: true });
      const lines = csv.trimEnd().split('\r\n');
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
      ).toEqual(['H1 Supervisor review', 'H2 Ratings', 'H2 Queues', 'H2 Callback requests']);
      // The page itself never scrolls sideways; a table wider than the screen scrolls in its
      // own captioned box.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ).toBe(true);
      if (width < 600) {
        const box = page.locator('.table-scroll', { has: page.getByTestId('callbacks') });
        expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
        expect(await box.getAttribute('aria-labelledby')).toBe('callbacks-caption');
      }
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

// A supervisor's journey in Debian's Chromium against the real API app served on loopback:
// sign in, filter ratings, mark a callback request done, export CSV; a <script> in a visitor's
// comment shows as text and never runs. Each test has a browser context of its own and signs in
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
    expect(await rows().count()).toBe(3);
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
      expect(await rows().count()).toBe(2);
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
      expect(lines[0]).toBe('created_at,site,queue,intent,language,country,stars,comment');
      expect(lines).toHaveLength(3);
      expect(csv).toContain(`"'${formulaComment.replaceAll('"', '""')}"`);
      expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    });
  });
});

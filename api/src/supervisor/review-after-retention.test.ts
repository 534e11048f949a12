// What a supervisor sees once personal data is past API_RETENTION_DAYS and the API's sweep
// erased it: the same ratings, counts and callback statuses, without comments or numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formulaComment,
  scriptComment,
  seedReview,
} from '../../../tests/support/api/seed-review.ts';
import { supervisorSession } from '../../../tests/support/api/supervisor-sign-in.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import { startExpirySweeps } from '../storage/expiry-sweeps.ts';

const dayMs = 24 * 3600_000;
let api: TestApi;
let callbackId: string;
beforeAll(async () => {
  api = await startTestApi((file) => {
    file.sites.acme!.limits = { ...file.sites.acme!.limits, sessionsPerIpPerMinute: 100 };
  });
  ({ callbackId } = await seedReview(api));
}, 60_000);
afterAll(() => api.close());

const cells = (page: string, testId: string) =>
  [...page.matchAll(new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</tr>`, 'g'))].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.trim()),
  );

async function reviewPage() {
  const { cookie } = await supervisorSession(api);
  const res = await api.app.request('/supervisor', { headers: { cookie } });
  expect(res.status).toBe(200);
  const lines = async (path: string) => {
    const csv = await api.app.request(path, { headers: { cookie } });
    expect(csv.status).toBe(200);
    return (await csv.text()).trimEnd().split('\r\n');
  };
  return {
    page: await res.text(),
    csv: await lines('/supervisor/ratings.csv'),
    callsCsv: await lines('/supervisor/calls.csv'),
    callbacksCsv: await lines('/supervisor/callbacks.csv'),
  };
}

describe('the supervisor review after retention', () => {
  it('keeps the stars, queue figures and callback statuses, with comments and numbers erased', async () => {
    const before = await reviewPage();
    expect(before.page).toContain('Gloria was great');
    expect(cells(before.page, 'callback-row')[0]?.[1]).toContain('href="tel:+17139293714"');
    expect(before.page).toContain('Gloria Mcgee');
    expect(before.callsCsv.join('\n')).toContain('Gloria Mcgee');
    expect(before.callbacksCsv[1]).toContain(`"'+17139293714"`);

    // 91 days on, the API's sweep runs (at start: the next is an hour away).
    api.clock.now = new Date(api.clock.now.getTime() + 91 * dayMs);
    const erasures: unknown[] = [];
    const stop = startExpirySweeps(api.repo, {
      now: () => api.clock.now,
      retentionDays: 90,
      everyMs: 3_600_000,
      onErased: (erased) => erasures.push(erased),
      onError: (error) => erasures.push(error),
    });
    try {
      await expect.poll(() => erasures, { timeout: 10_000 }).toHaveLength(1);
    } finally {
      stop();
    }
    expect(erasures).toEqual([{ calls: 3, ratings: 3, callbacks: 1, openCallbacks: 1 }]);

    const after = await reviewPage();
    for (const comment of ['Gloria was great', 'slow answer', formulaComment, scriptComment]) {
      expect(after.page).not.toContain(comment);
      expect(after.csv.join('\n')).not.toContain(comment);
    }
    expect(after.page).not.toContain('+17139293714');
    expect(after.page).not.toContain('929-3714');
    // The calls list and the exports lose the agent's name and the number too.
    expect(after.page).not.toContain('Gloria Mcgee');
    expect(cells(after.page, 'call-row').map((row) => row[8])).toEqual(
      Array(3).fill(expect.stringMatching(/erased/)),
    );
    expect(after.callsCsv.join('\n')).not.toContain('Gloria Mcgee');
    expect(after.callsCsv).toHaveLength(before.callsCsv.length);
    expect(after.callbacksCsv.join('\n')).not.toContain('7139293714');
    expect(after.callbacksCsv[1]).toMatch(/,2027-02-01T15:00:00\.000Z$/);
    // Ratings: the same rows and stars, the comment cell says it was erased.
    const ratingsAfter = cells(after.page, 'rating-row');
    expect(ratingsAfter.map((row) => row.slice(0, 7))).toEqual(
      cells(before.page, 'rating-row').map((row) => row.slice(0, 7)),
    );
    expect(ratingsAfter.map((row) => row[7])).toEqual(
      Array(3).fill(expect.stringMatching(/erased/)),
    );
    expect(after.csv.map((line) => line.split(',').slice(0, 7))).toEqual(
      before.csv.map((line) => line.split(',').slice(0, 7)),
    );
    // The queue summary is unchanged: calls, answered, abandoned, average stars and handle time.
    expect(cells(after.page, 'queue-row')).toEqual(cells(before.page, 'queue-row'));
    // The callback request is still there, still new, without its number or any action.
    const [callback] = cells(after.page, 'callback-row');
    expect(callback?.[1]).toMatch(/erased/);
    expect(callback?.[2]).toBe('English Sales');
    expect(callback?.[4]).toBe('sales');
    expect(callback?.[8]).toMatch(/>new</);
    expect(after.page).not.toContain('data-testid="callback-done"');
  });

  it('refuses to change the status of an erased callback request', async () => {
    const { cookie, csrf } = await supervisorSession(api);
    const res = await api.app.request(`/supervisor/callbacks/${callbackId}/status`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ status: 'done', _csrf: csrf }),
    });
    expect(res.status).toBe(404);
    expect((await res.json()).message).toMatch(/erased/);
    expect((await api.repo.listCallbackRequests({}))[0]).toMatchObject({
      status: 'new',
      statusBy: undefined,
    });
  });
});

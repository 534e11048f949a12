// A supervisor scoped to two sites, with a third site busier and newer than both: every list
// they read (calls, ratings, callbacks, queues, the CSVs) holds their sites' rows only, in full
// pages and with every row counted, because the scope narrows the query itself. Filtering
// after the query, the newest page would be the other site's calls, and hidden.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import { scopedSupervisorCookie } from '../../../tests/support/api/supervisor-sign-in.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import { callsPerPage } from './filters.ts';

/**
 * Calls of each site, oldest first: theirs make one full page and one more call; `gamma`, out
 * of their scope, holds more than a page of the newest.
 */
const seeded = { acme: 25, beta: callsPerPage + 1 - 25, gamma: callsPerPage + 1 } as const;
type SiteId = keyof typeof seeded;

let api: TestApi;
let cookie: string;
const t0 = new Date('2026-11-02T12:00:00Z');

/** A call, its rating and a callback request naming it: one of each list's rows. */
async function seedCall(siteId: SiteId, minute: number) {
  const createdAt = new Date(t0.getTime() + minute * 60_000);
  const call = {
    id: randomUUID(),
    siteId,
    sessionId: randomUUID(),
    queue: 'support-en',
    queueDisplayName: 'Support',
    routing: { intent: 'support', language: 'en', country: 'US' },
    createdAt,
    tokenExpiresAt: new Date(createdAt.getTime() + 120_000),
  };
  await api.repo.recordEvent(createdEvent(call), createdAt);
  const later = new Date(createdAt.getTime() + 30_000);
  await api.repo.insertRating({
    id: randomUUID(),
    siteId,
    callId: call.id,
    stars: 3,
    comment: '',
    idempotencyKey: randomUUID(),
    requestHash: 'h',
    createdAt: later,
  });
  await api.repo.insertCallbackRequest({
    id: randomUUID(),
    siteId,
    idempotencyKey: randomUUID(),
    requestHash: 'h',
    phone: '+12125550199',
    queue: 'support-en',
    routing: call.routing,
    consentAt: later,
    createdAt: later,
    callId: call.id,
  });
}

beforeAll(async () => {
  // Three sites alike but for their ids.
  api = await startTestApi((file) => {
    file.sites.beta = structuredClone(file.sites.acme!);
    file.sites.gamma = structuredClone(file.sites.acme!);
  });
  let minute = 0;
  for (const siteId of ['acme', 'beta', 'gamma'] as const) {
    for (let n = 0; n < seeded[siteId]; n += 1) await seedCall(siteId, (minute += 1));
  }
  cookie = scopedSupervisorCookie(api, ['acme', 'beta']);
}, 120_000);
afterAll(() => api?.close());

const inScope = seeded.acme + seeded.beta;
const get = async (path: string) => {
  const res = await api.app.request(path, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
};
const attribute = (html: string, testId: string, name: string) =>
  [...html.matchAll(new RegExp(`data-testid="${testId}" ${name}="([^"]+)"`, 'g'))].map(
    (match) => match[1]!,
  );
const rowsOf = (html: string, testId: string) => html.split(`data-testid="${testId}"`).length - 1;
const siteOfCall = new Map<string, string>();

describe('a supervisor scoped to two sites', () => {
  beforeAll(async () => {
    for (const row of await api.repo.reviewCalls({ limit: 5000 }))
      siteOfCall.set(row.id, row.siteId);
  });
  const sitesOf = (callIds: string[]) => new Set(callIds.map((id) => siteOfCall.get(id)));

  it('pages through their calls in full pages, and only theirs', async () => {
    const first = await get('/supervisor');
    const firstIds = attribute(first, 'call-row', 'data-call-id');
    expect(firstIds).toHaveLength(callsPerPage);
    expect(sitesOf(firstIds)).toEqual(new Set(['acme', 'beta']));
    expect(first).toContain('data-testid="calls-older"');

    const second = await get('/supervisor?callPage=2');
    const secondIds = attribute(second, 'call-row', 'data-call-id');
    expect(secondIds).toHaveLength(inScope - callsPerPage);
    expect(sitesOf(secondIds)).toEqual(new Set(['acme']));
    expect(second).not.toContain('data-testid="calls-older"');
    expect(new Set([...firstIds, ...secondIds]).size).toBe(inScope);
  });

  it("lists all their ratings and callbacks, and none of the other site's", async () => {
    const page = await get('/supervisor');
    expect(rowsOf(page, 'rating-row')).toBe(inScope);
    expect(rowsOf(page, 'callback-row')).toBe(inScope);
  });

  it('counts their queues only', async () => {
    const page = await get('/supervisor');
    const rows = [
      ...page.matchAll(
        /data-testid="queue-row">\s*<td>([^<]*)<\/td>\s*<td>[^<]*<\/td>\s*<td>(\d+)</g,
      ),
    ];
    expect(rows.map((match) => [match[1], Number(match[2])])).toEqual([
      ['acme', seeded.acme],
      ['beta', seeded.beta],
    ]);
  });

  it('exports every row of theirs, and none of the other site', async () => {
    for (const csv of ['calls', 'ratings', 'callbacks']) {
      const lines = (await get(`/supervisor/${csv}.csv`)).trim().split('\n');
      expect(lines, csv).toHaveLength(1 + inScope);
      expect(
        lines.filter((line) => line.includes(',gamma,')),
        csv,
      ).toEqual([]);
    }
  });
});

// The abuse limits on every store: in the database on each backend (on PostgreSQL two API
// instances, two pools, asking at once share them), and in memory, as the embedded PGlite
// store keeps them (one process). The numbers configured are the numbers enforced.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useStorageBackends } from '../../../tests/support/api/storage-backends.ts';
import type { CallHold, LimitStore, RateLimit } from '../abuse/limit-store.ts';
import { memoryLimitStore } from '../abuse/memory-limit-store.ts';

interface OpenLimits {
  /** API instance A's limits, and B's (the same store where there is one process). */
  repo: LimitStore;
  other: LimitStore;
  /** Rows of a limits table holding `keys`: the SQL store's tables stay bounded. */
  tableRows?: (table: string, keys: string[]) => Promise<number>;
  close(): Promise<void>;
}

const stores: [string, () => Promise<OpenLimits>][] = [
  ...useStorageBackends().map(([name, open]): [string, () => Promise<OpenLimits>] => [
    name,
    async () => {
      const storage = await open();
      return {
        repo: storage.repo,
        other: storage.other,
        tableRows: async (table, keys) => {
          const { rows } = await storage.db.query<{ n: number }>(
            `select count(*)::int as n from ${table} where key = any($1)`,
            [keys],
          );
          return rows[0]!.n;
        },
        close: () => storage.close(),
      };
    },
  ]),
  [
    'memory (the embedded store)',
    async () => {
      const store = memoryLimitStore();
      return { repo: store, other: store, close: async () => {} };
    },
  ],
];
const t0 = new Date('2026-11-02T10:00:00Z');
const after = (ms: number) => new Date(t0.getTime() + ms);
/** Keys of their own for each test: the database lives across the file's tests. */
const unique = (name: string) => `${name}:${randomUUID()}`;

describe.each(stores)('limits on %s', (_name, open) => {
  let storage: OpenLimits;
  beforeAll(async () => {
    storage = await open();
  }, 60_000);
  afterAll(() => storage?.close());

  it('allows the rate, refuses beyond it with the wait, and refills over the minute', async () => {
    const { repo } = storage;
    const limits: RateLimit[] = [{ key: unique('ip'), perMinute: 2, label: 'calls per IP' }];
    expect(await repo.takeRates(limits, t0)).toEqual({ allowed: true });
    expect(await repo.takeRates(limits, t0)).toEqual({ allowed: true });
    expect(await repo.takeRates(limits, t0)).toEqual({
      allowed: false,
      retryAfterS: 30,
      label: 'calls per IP',
    });
    expect(await repo.takeRates(limits, after(30_000))).toEqual({ allowed: true });
    // A clock stepping back (NTP) must not drain the bucket: nothing refilled, nothing lost.
    expect((await repo.takeRates(limits, after(10_000))).allowed).toBe(false);
  });

  it('consumes nothing when any one of the rates refuses', async () => {
    const { repo } = storage;
    const site = { key: unique('site'), perMinute: 5, label: 'calls per site' };
    const ip = { key: unique('ip'), perMinute: 1, label: 'calls per IP' };
    expect((await repo.takeRates([site, ip], t0)).allowed).toBe(true);
    for (let i = 0; i < 3; i++) expect((await repo.takeRates([site, ip], t0)).allowed).toBe(false);
    // The site bucket still holds 4 of its 5.
    for (let i = 0; i < 4; i++) {
      expect((await repo.takeRates([site, { ...ip, key: unique('ip') }], t0)).allowed).toBe(true);
    }
    expect(await repo.takeRates([site, { ...ip, key: unique('ip') }], t0)).toMatchObject({
      allowed: false,
      label: 'calls per site',
    });
  });

  it('counts a call until its token expires unused, or until it is released', async () => {
    const { repo } = storage;
    const site = unique('site');
    const hold = (until: Date): CallHold => ({ key: site, limit: 2, until, followsCall: true });
    const tokenExpiry = after(120_000);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    expect(await repo.admitCall(a, [hold(tokenExpiry)], [], t0)).toEqual({ admitted: true });
    expect(await repo.admitCall(b, [hold(tokenExpiry)], [], t0)).toEqual({ admitted: true });
    expect(await repo.admitCall(c, [hold(tokenExpiry)], [], after(1000))).toEqual({
      admitted: false,
      fullHold: hold(tokenExpiry),
    });
    // Media reported b: it outlives its token.
    await repo.extendCall(b, after(4 * 3600_000));
    expect((await repo.admitCall(c, [hold(after(240_000))], [], after(120_000))).admitted).toBe(
      true,
    );
    const d = randomUUID();
    expect((await repo.admitCall(d, [hold(after(240_000))], [], after(130_000))).admitted).toBe(
      false,
    );
    await repo.releaseCall(b, 'following');
    await repo.releaseCall(b, 'following'); // a retried `ended`
    await repo.releaseCall(randomUUID(), 'following'); // a call never admitted
    expect((await repo.admitCall(d, [hold(after(240_000))], [], after(130_000))).admitted).toBe(
      true,
    );
  });

  it('frees each hold at its own time, whatever the order holds of other lengths came in', async () => {
    const { repo } = storage;
    const site = unique('site');
    const hold = (until: Date): CallHold => ({ key: site, limit: 2, until, followsCall: true });
    // A live call (reported: 4 hours), then a pending one whose token lapses in 2 minutes.
    const live = randomUUID();
    expect((await repo.admitCall(live, [hold(after(120_000))], [], t0)).admitted).toBe(true);
    await repo.extendCall(live, after(4 * 3600_000));
    expect((await repo.admitCall(randomUUID(), [hold(after(60_000))], [], t0)).admitted).toBe(true);
    expect((await repo.admitCall(randomUUID(), [hold(after(90_000))], [], t0)).admitted).toBe(
      false,
    );
    // The pending one's place is free once its token expired, the live call still counts.
    const later = after(61_000);
    expect((await repo.admitCall(randomUUID(), [hold(after(181_000))], [], later)).admitted).toBe(
      true,
    );
    expect((await repo.admitCall(randomUUID(), [hold(after(181_000))], [], later)).admitted).toBe(
      false,
    );
  });

  it("keeps a session's calls through their ends, and gives back an ungranted one", async () => {
    const { repo } = storage;
    const session: CallHold = {
      key: unique('session'),
      limit: 2,
      until: after(900_000),
      followsCall: false,
    };
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    for (const call of [a, b]) {
      expect((await repo.admitCall(call, [session], [], t0)).admitted).toBe(true);
      await repo.releaseCall(call, 'following'); // media reported it ended
    }
    expect(await repo.admitCall(c, [session], [], t0)).toMatchObject({ admitted: false });
    await repo.releaseCall(b, 'all'); // its token could not be signed after all
    expect((await repo.admitCall(c, [session], [], t0)).admitted).toBe(true);
    // The session expired: its count went with it.
    expect((await repo.admitCall(randomUUID(), [session], [], after(900_000))).admitted).toBe(true);
  });

  it('takes nothing from a refused admission: the first full hold, or the longest wait, says why', async () => {
    const { repo } = storage;
    const site: CallHold = {
      key: unique('site'),
      limit: 5,
      until: after(120_000),
      followsCall: true,
    };
    const ip: CallHold = { key: unique('ip'), limit: 1, until: after(120_000), followsCall: true };
    const perSite: RateLimit = { key: unique('rate'), perMinute: 2, label: 'calls per site' };
    expect((await repo.admitCall(randomUUID(), [site, ip], [perSite], t0)).admitted).toBe(true);
    // The address is full: the site's place and its rate stay untaken.
    expect(await repo.admitCall(randomUUID(), [site, ip], [perSite], t0)).toEqual({
      admitted: false,
      fullHold: ip,
    });
    const otherIp = { ...ip, key: unique('ip') };
    expect((await repo.admitCall(randomUUID(), [site, otherIp], [perSite], t0)).admitted).toBe(
      true,
    );
    // The rate is spent: no place is taken either.
    const third = { ...ip, key: unique('ip') };
    expect(await repo.admitCall(randomUUID(), [site, third], [perSite], t0)).toEqual({
      admitted: false,
      refusedRate: perSite,
      retryAfterS: 30,
    });
    expect((await repo.admitCall(randomUUID(), [third], [], t0)).admitted).toBe(true);
  });

  it('lets exactly the limit through when instances ask at once', async () => {
    const { repo, other } = storage;
    const site: CallHold = {
      key: unique('site'),
      limit: 3,
      until: after(120_000),
      followsCall: true,
    };
    const rate: RateLimit = { key: unique('rate'), perMinute: 5, label: 'calls per site' };
    const calls = Array.from({ length: 12 }, () => randomUUID());
    const decisions = await Promise.all(
      calls.map((call, i) => (i % 2 ? other : repo).admitCall(call, [site], [rate], t0)),
    );
    expect(decisions.filter((decision) => decision.admitted)).toHaveLength(3);
    // And each rate token goes once.
    const takes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? other : repo).takeRates([rate], t0)),
    );
    expect(takes.filter((take) => take.allowed)).toHaveLength(2);
  });

  it('sweeps what limits no one any more, and the limits hold after it', async () => {
    const { repo } = storage;
    const site: CallHold = {
      key: unique('site'),
      limit: 1,
      until: after(120_000),
      followsCall: true,
    };
    const rate: RateLimit = { key: unique('rate'), perMinute: 1, label: 'calls per site' };
    const lapsed = randomUUID();
    const ongoing = randomUUID();
    expect((await repo.admitCall(lapsed, [site], [rate], t0)).admitted).toBe(true);
    const otherSite = { ...site, key: unique('site') };
    expect((await repo.admitCall(ongoing, [otherSite], [], t0)).admitted).toBe(true);
    await repo.extendCall(ongoing, after(4 * 3600_000));
    await repo.sweepLimits(after(180_000));
    const rowsOf = storage.tableRows;
    if (rowsOf) {
      // In the database, the tables keep only what still limits someone.
      expect(await rowsOf('limit_holds', [site.key, otherSite.key])).toBe(1);
      expect(await rowsOf('limit_counts', [site.key, otherSite.key])).toBe(1);
      expect(await rowsOf('rate_buckets', [rate.key])).toBe(0);
    }
    expect((await repo.admitCall(randomUUID(), [otherSite], [], after(180_000))).admitted).toBe(
      false,
    );
    expect((await repo.admitCall(randomUUID(), [site], [rate], after(180_000))).admitted).toBe(
      true,
    );
  });
});

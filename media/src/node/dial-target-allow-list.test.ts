import { describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../../../tests/support/media/call-bridge-fakes.ts';
import {
  startDialTargetAllowList,
  type AllowListClock,
  type DialTargetAllowListOptions,
} from './dial-target-allow-list.ts';

const support = 'sip:queue-support-en@pbx.acme.example:5060';
const sales = 'sip:queue-sales-en@pbx.acme.example:5060';
const globex = 'sip:queue-help@pbx.globex.example:5060';
const serviceToken = 'service-token-'.padEnd(40, 'x');

/** Time that moves only when the test says, running the timers that fall due on the way. */
class ManualClock implements AllowListClock {
  #now = 1_000_000;
  #timers = new Set<{ at: number; run: () => void }>();

  now() {
    return this.#now;
  }
  setTimer(run: () => void, ms: number) {
    const timer = { at: this.#now + ms, run };
    this.#timers.add(timer);
    return () => void this.#timers.delete(timer);
  }
  get pending() {
    return [...this.#timers].map((timer) => timer.at - this.#now).sort((a, b) => a - b);
  }
  advance(ms: number) {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.#timers].filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers.delete(due);
      this.#now = due.at;
      due.run();
    }
    this.#now = until;
  }
}

/** The API's GET /v1/internal/dial-targets as the gateway sees it: ETags, 304s, outages. */
function fakeApi(sites: Record<string, string[]>) {
  let version = 1;
  let down = false;
  const requests: { ifNoneMatch: string | null; authorization: string | null }[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    requests.push({
      ifNoneMatch: headers.get('if-none-match'),
      authorization: headers.get('authorization'),
    });
    if (down) throw new TypeError('fetch failed');
    const etag = `"version-${version}"`;
    if (headers.get('if-none-match') === etag) return new Response(null, { status: 304 });
    return Response.json({ version: `version-${version}`, sites }, { headers: { etag } });
  };
  return {
    fetch,
    requests,
    /** The sites file changed and the API reloaded it. */
    change(next: Record<string, string[]>) {
      sites = next;
      version += 1;
    },
    set down(value: boolean) {
      down = value;
    },
  };
}

function allowListOn(
  api: ReturnType<typeof fakeApi>,
  options: Partial<DialTargetAllowListOptions> = {},
) {
  const clock = new ManualClock();
  const logger = memoryLogger();
  const list = startDialTargetAllowList({
    apiUrl: 'http://api.internal:8080',
    serviceToken,
    refreshMs: 30_000,
    logger,
    fetch: api.fetch,
    clock,
    ...options,
  });
  return { list, clock, logger };
}

describe('the dial-target allow-list', () => {
  it("allows a site's own targets only, once fetched at start with the service token", async () => {
    const api = fakeApi({ acme: [support, sales], globex: [globex] });
    const { list } = allowListOn(api);
    await vi.waitFor(() => expect(list.known).toBe(true));
    expect(api.requests[0]).toEqual({ ifNoneMatch: null, authorization: `Bearer ${serviceToken}` });
    expect(await list.check('acme', support)).toBe('allowed');
    expect(await list.check('globex', globex)).toBe('allowed');
    // Another site's queue, a look-alike, a premium number, an unknown site: none (together,
    // these misses share one refetch).
    const misses = await Promise.all([
      list.check('acme', globex),
      list.check('acme', `${support};transport=tcp`),
      list.check('acme', 'sip:+19005550100@pbx.acme.example'),
      list.check('initech', support),
    ]);
    expect(misses).toEqual(['not_allowed', 'not_allowed', 'not_allowed', 'not_allowed']);
  });

  it('refuses everything (unknown) until a first fetch succeeds, asking every second', async () => {
    const api = fakeApi({ acme: [support] });
    api.down = true;
    const { list, clock, logger } = allowListOn(api);
    await vi.waitFor(() => expect(clock.pending).toEqual([1000]));
    expect(list.known).toBe(false);
    expect(await list.check('acme', support)).toBe('unknown');
    expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);
    const asked = api.requests.length;
    api.down = false;
    clock.advance(1000);
    await vi.waitFor(() => expect(list.known).toBe(true));
    expect(api.requests.length).toBe(asked + 1);
    expect(await list.check('acme', support)).toBe('allowed');
    // Known: the next look is a refresh away.
    expect(clock.pending).toEqual([30_000]);
  });

  it('keeps the last known list while the API is away, and logs the outage once', async () => {
    const api = fakeApi({ acme: [support] });
    const { list, clock, logger } = allowListOn(api);
    await vi.waitFor(() => expect(list.known).toBe(true));
    api.down = true;
    clock.advance(30_000);
    await vi.waitFor(() => expect(clock.pending).toEqual([30_000]));
    clock.advance(30_000);
    await vi.waitFor(() => expect(api.requests).toHaveLength(3));
    expect(list.known).toBe(true);
    expect(await list.check('acme', support)).toBe('allowed');
    expect(await list.check('acme', sales)).toBe('not_allowed');
    const warnings = logger.lines.filter((line) => line.level === 'warn');
    expect(warnings.map((line) => line.message)).toEqual([
      'dial targets refresh failed; keeping the last known list',
    ]);
  });

  it('refreshes with the ETag it holds: an unchanged list is a 304, a changed one replaces it', async () => {
    const api = fakeApi({ acme: [support] });
    const { list, clock } = allowListOn(api);
    await vi.waitFor(() => expect(list.known).toBe(true));
    clock.advance(30_000);
    await vi.waitFor(() => expect(api.requests).toHaveLength(2));
    expect(api.requests[1]!.ifNoneMatch).toBe('"version-1"');
    api.change({ acme: [sales] });
    await vi.waitFor(() => expect(clock.pending).toEqual([30_000]));
    clock.advance(30_000);
    await vi.waitFor(async () => expect(await list.check('acme', support)).toBe('not_allowed'));
    expect(await list.check('acme', sales)).toBe('allowed');
  });

  it('fetches at once when a call names a target it lacks, so a queue just added works', async () => {
    const api = fakeApi({ acme: [support] });
    const { list } = allowListOn(api);
    await vi.waitFor(() => expect(list.known).toBe(true));
    api.change({ acme: [support, sales] });
    // No refresh is due for 30 s: the miss itself fetches.
    expect(await list.check('acme', sales)).toBe('allowed');
    expect(api.requests).toHaveLength(2);
  });

  it('fetches at most once a second for misses, each miss answered by a fetch after it', async () => {
    const api = fakeApi({ acme: [support] });
    const { list, clock } = allowListOn(api);
    await vi.waitFor(() => expect(list.known).toBe(true));
    expect(await list.check('acme', sales)).toBe('not_allowed');
    expect(api.requests).toHaveLength(2);
    // Within the second: a burst of misses waits for one fetch at the second's end.
    api.change({ acme: [support, sales] });
    const burst = Array.from({ length: 50 }, () => list.check('acme', sales));
    await vi.waitFor(() => expect(clock.pending).toContain(1000));
    expect(api.requests).toHaveLength(2);
    clock.advance(1000);
    expect(new Set(await Promise.all(burst))).toEqual(new Set(['allowed']));
    expect(api.requests).toHaveLength(3);
  });

  it('without a service token fetches nothing and refuses every call', async () => {
    const api = fakeApi({ acme: [support] });
    const { list, clock, logger } = allowListOn(api, { serviceToken: undefined });
    expect(await list.check('acme', support)).toBe('unknown');
    expect(list.known).toBe(false);
    expect(api.requests).toHaveLength(0);
    expect(clock.pending).toEqual([]);
    expect(logger.lines[0]).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/MEDIA_API_SERVICE_TOKEN.*every call is refused/),
    });
  });

  it('stops refreshing once stopped', async () => {
    const api = fakeApi({ acme: [support] });
    const { list, clock } = allowListOn(api);
    await vi.waitFor(() => expect(clock.pending).toEqual([30_000]));
    list.stop();
    expect(clock.pending).toEqual([]);
  });
});

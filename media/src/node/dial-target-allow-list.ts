import { DialTargetsSchema, type DialTargets } from '../../../protocol/api/dial-targets.ts';
import type { ServiceLogger } from '../sip/core/sip-logger.ts';

/**
 * What the allow-list says of a site's target: `unknown` while it holds no list from the API
 * at all (never fetched one), which the guard treats as a refusal (fail closed).
 */
export type DialTargetVerdict = 'allowed' | 'not_allowed' | 'unknown';

/** Time as the allow-list reads and waits on it; tests move it by hand. */
export interface AllowListClock {
  now(): number;
  /** Calls `run` after `ms`; the returned function cancels it. */
  setTimer(run: () => void, ms: number): () => void;
}

export interface DialTargetAllowListOptions {
  /** The API's base URL; the list is GET /v1/internal/dial-targets. */
  apiUrl: string;
  /** The service token; unset, no list can be fetched and every call is refused. */
  serviceToken: string | undefined;
  /** MEDIA_DIAL_TARGETS_REFRESH_MS: how often a known list is refetched (a 304 when unchanged). */
  refreshMs: number;
  logger: ServiceLogger;
  fetch?: typeof fetch;
  clock?: AllowListClock;
}

export interface DialTargetAllowList {
  /** Whether a list from the API is held (readiness): until then every call is refused. */
  readonly known: boolean;
  /**
   * Whether the gateway may dial `target` for `site`. A target the list lacks (a queue just
   * added to the sites file, or a list never fetched) refetches it first, at most once per
   * second however many calls miss, so the answer is never older than the call.
   */
  check(site: string, target: string): Promise<DialTargetVerdict>;
  stop(): void;
}

/** While no list is held, it is asked for this often (then every refreshMs). */
const unknownRetryMs = 1000;
/** Calls that miss fetch the list at most this often; the ones in between wait for that fetch. */
const missRefreshMs = 1000;
/** A fetch the API has not answered in this time failed: the call waiting on it goes on. */
const fetchTimeoutMs = 2000;

const realClock: AllowListClock = {
  now: () => Date.now(),
  setTimer(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

type HeldList = { version: string; sites: Map<string, ReadonlySet<string>> };

const held = (list: DialTargets): HeldList => ({
  version: list.version,
  sites: new Map(Object.entries(list.sites).map(([site, uris]) => [site, new Set(uris)])),
});

/**
 * The dial targets the API allows per site (toll-fraud guard), fetched at start, every
 * `refreshMs` (every second while none is held) and when a call names a target it lacks.
 * A failed fetch keeps the last list (the API restarting must not stop calls to queues it
 * allowed); with no list at all, every call is refused.
 */
export function startDialTargetAllowList(options: DialTargetAllowListOptions): DialTargetAllowList {
  const { logger, serviceToken } = options;
  const fetchList = options.fetch ?? fetch;
  const clock = options.clock ?? realClock;
  const url = new URL('/v1/internal/dial-targets', options.apiUrl);
  let current: HeldList | undefined;
  // Fetches may overlap (the schedule's and a miss's): the newest started one wins.
  let started = 0;
  let applied = 0;
  let failing = false;
  let stopped = false;
  let cancelSchedule = () => {};

  const apply = (list: DialTargets) => {
    if (list.version === current?.version) return;
    const first = current === undefined;
    current = held(list);
    logger.info(
      { version: list.version, sites: current.sites.size },
      first ? 'dial targets fetched from the API' : 'dial targets changed',
    );
  };
  const failed = (error: unknown) => {
    // Once per failing streak: an API away for minutes must not fill the log.
    if (failing) return;
    failing = true;
    const reason = error instanceof Error ? error.message : String(error);
    if (current) {
      logger.warn({ reason }, 'dial targets refresh failed; keeping the last known list');
    } else {
      logger.error({ reason }, 'dial targets not fetched from the API; every call is refused');
    }
  };
  const load = async (token: string) => {
    const sequence = ++started;
    try {
      const res = await fetchList(url, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(current ? { 'if-none-match': `"${current.version}"` } : {}),
        },
        signal: AbortSignal.timeout(fetchTimeoutMs),
      });
      if (res.status === 304 && current) {
        await res.body?.cancel();
      } else if (res.status === 200) {
        const list = DialTargetsSchema.parse(await res.json());
        if (sequence > applied) {
          applied = sequence;
          apply(list);
        }
      } else {
        await res.body?.cancel();
        throw new Error(`HTTP ${res.status}`);
      }
      if (failing) logger.info({ version: current?.version }, 'dial targets fetched again');
      failing = false;
    } catch (error) {
      failed(error);
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) resolve();
      else clock.setTimer(resolve, ms);
    });
  let missLoad: Promise<void> | undefined;
  let lastMissLoadAt = Number.NEGATIVE_INFINITY;
  // A miss joins the fetch not started yet, or schedules one: each miss is answered by a
  // fetch that started after it, and misses cost the API one request a second at most.
  const loadAfterMiss = (token: string) => {
    missLoad ??= sleep(lastMissLoadAt + missRefreshMs - clock.now()).then(() => {
      missLoad = undefined;
      lastMissLoadAt = clock.now();
      return load(token);
    });
    return missLoad;
  };

  const allows = (site: string, target: string) => current?.sites.get(site)?.has(target) ?? false;

  if (serviceToken === undefined) {
    logger.error(
      {},
      'no MEDIA_API_SERVICE_TOKEN: the dial targets cannot be fetched from the API; every call is refused',
    );
  } else {
    const scheduled = async () => {
      await load(serviceToken);
      if (stopped) return;
      cancelSchedule = clock.setTimer(
        () => void scheduled(),
        current ? options.refreshMs : Math.min(unknownRetryMs, options.refreshMs),
      );
    };
    void scheduled();
  }

  return {
    get known() {
      return current !== undefined;
    },
    async check(site, target) {
      if (allows(site, target)) return 'allowed';
      if (serviceToken === undefined) return 'unknown';
      await loadAfterMiss(serviceToken);
      if (!current) return 'unknown';
      return allows(site, target) ? 'allowed' : 'not_allowed';
    },
    stop() {
      stopped = true;
      cancelSchedule();
    },
  };
}

import type { Repository } from './repository.ts';

// An event waits this long for its call's `created` (media retries a delivery for minutes).
const earlyEventLifetimeMs = 24 * 3600_000;

export interface ExpirySweepOptions {
  /** The API's clock, the one limits are taken with. */
  now: () => Date;
  everyMs?: number;
  onError: (error: unknown) => void;
}

/**
 * Every minute, forgets what no longer limits anyone and events whose call never came, so
 * the tables stay bounded. Every API instance sweeps; sweeps of the same keys take turns.
 * Returns the function that stops it.
 */
export function startExpirySweeps(repo: Repository, options: ExpirySweepOptions): () => void {
  let running = false;
  const sweep = async () => {
    const now = options.now();
    await repo.sweepLimits(now);
    await repo.forgetEarlyEvents(new Date(now.getTime() - earlyEventLifetimeMs));
  };
  const timer = setInterval(() => {
    // A slow database must not stack sweeps on top of each other.
    if (running) return;
    running = true;
    sweep()
      .catch(options.onError)
      .finally(() => (running = false));
  }, options.everyMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

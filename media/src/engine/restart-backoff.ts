export interface RestartBackoffOptions {
  /** The wait after the first worker in a row that died young. */
  firstMs: number;
  /** The longest wait, however often it keeps dying. */
  maxMs: number;
  /** A worker that ran this long died of something passing: its replacement starts at once. */
  stableAfterMs: number;
}

export const defaultRestartBackoff: RestartBackoffOptions = {
  firstMs: 1000,
  maxMs: 60_000,
  stableAfterMs: 60_000,
};

/**
 * One worker slot's replacement delays. A worker that dies after running a while is replaced
 * at once; each one in a row that dies young (or fails to start) doubles the wait, so a
 * worker that crashes on start-up (bad binary, no ports left) does not spin a core.
 */
export function restartBackoff(options: RestartBackoffOptions = defaultRestartBackoff): {
  /** The wait before replacing a worker that died after `livedMs` (0: it never started). */
  nextDelayMs(livedMs: number): number;
} {
  let youngDeathsInARow = 0;
  return {
    nextDelayMs(livedMs) {
      if (livedMs >= options.stableAfterMs) {
        youngDeathsInARow = 0;
        return 0;
      }
      youngDeathsInARow += 1;
      return Math.min(options.maxMs, options.firstMs * 2 ** (youngDeathsInARow - 1));
    },
  };
}

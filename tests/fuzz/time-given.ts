import { readFileSync } from 'node:fs';

/**
 * Milliseconds this process's main thread spent waiting for a core since it started (the
 * second field of /proc/self/schedstat: time on a run queue, runnable but not running).
 */
function runQueueWaitMs(): number {
  const fields = readFileSync('/proc/self/schedstat', 'utf8').trim().split(/\s+/);
  return Number(fields[1]) / 1e6;
}

/**
 * A clock that counts only the time this process could have used: the wall clock less the time
 * its main thread sat on a run queue. The fuzz targets' product runs in this process, so an
 * answer that has not come after `ms` of it is owed by the product, not by a machine busy with
 * other work (on two cores shared with builds and browsers, a 10 s wait for an answer was
 * three quarters waiting for a core).
 */
export function timeGiven(): () => number {
  const started = performance.now();
  const waitedBefore = runQueueWaitMs();
  return () => performance.now() - started - (runQueueWaitMs() - waitedBefore);
}

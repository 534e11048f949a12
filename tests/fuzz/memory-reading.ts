export interface MemoryReading {
  /** The process's resident set, in bytes. */
  rss: number;
  /** Live JavaScript objects plus the buffers they hold, after a full collection. */
  heapAndBuffers: number;
}

type LastResortGc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * Memory after a full collection (when the process runs with --expose-gc; without it the
 * heap figure holds garbage too, and the long run says so).
 */
export async function memoryReading(): Promise<MemoryReading> {
  // Closing lets go of memory over a few turns (sockets' handles, a database's close): collect
  // until two readings agree, or a few times at most.
  let heapAndBuffers = Infinity;
  for (let round = 0; round < 5; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    // 'last-resort' is the collection V8 runs under memory pressure: it also unmaps the pages
    // it freed and shrinks the young generation, so RSS reads what is retained, not V8's cache.
    (globalThis.gc as LastResortGc | undefined)?.({
      type: 'major',
      execution: 'sync',
      flavor: 'last-resort',
    });
    const usage = process.memoryUsage();
    const reading = usage.heapUsed + usage.arrayBuffers;
    const settled = Math.abs(reading - heapAndBuffers) < 2 ** 20;
    heapAndBuffers = reading;
    if (settled) break;
  }
  return { rss: process.memoryUsage().rss, heapAndBuffers };
}

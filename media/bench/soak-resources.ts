import { readdirSync, readFileSync } from 'node:fs';
import { childPids } from '../../tests/support/caller/proc-stats.ts';
import { readWorkerDump } from '../../tests/support/caller/worker-dump-client.ts';

/** What the soak compares before and after: what a leak would make grow. */
export interface ResourceLevels {
  /** Open file descriptors of the gateway, its mediasoup workers and the API. */
  fds: { gateway: number; workers: number; api: number };
  /** Resident memory (MiB): the gateway after a full GC, its workers, the API. */
  rssMb: { gateway: number; workers: number; api: number };
  /** The gateway's JS heap in use after a full GC (MiB): what its objects retain. */
  gatewayHeapMb: number;
  /**
   * The gateway's RSS less what V8's heap holds in RAM (MiB): native memory (buffers, sockets,
   * mediasoup's channel), where a leak outside the JS heap shows. V8's young generation grows
   * in steps of tens of MB under load and keeps them, which RSS alone would count.
   */
  gatewayNativeMb: number;
  /** What the workers themselves still hold: routers, transports, producers, consumers. */
  workerObjects: number;
}

const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const rssMb = (pid: number) => {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Reads the levels of the gateway (`mediaPid`, probed on `dumpPort`) and the API. */
export async function resourceLevels(options: {
  mediaPid: number;
  apiPid: number;
  dumpPort: number;
}): Promise<ResourceLevels> {
  const dump = await readWorkerDump(options.dumpPort);
  const workers = childPids(options.mediaPid);
  return {
    fds: {
      gateway: fdCount(options.mediaPid),
      workers: sum(workers.map(fdCount)),
      api: fdCount(options.apiPid),
    },
    rssMb: {
      gateway: dump.memory.rss / 2 ** 20,
      workers: sum(workers.map(rssMb)),
      api: rssMb(options.apiPid),
    },
    gatewayHeapMb: dump.memory.heapUsed / 2 ** 20,
    gatewayNativeMb: (dump.memory.rss - dump.memory.heapPhysical) / 2 ** 20,
    workerObjects:
      dump.routerIds.length +
      sum(
        dump.routers.map(
          (r) => r.transportIds.length + r.producerIds.length + r.consumerIds.length,
        ),
      ),
  };
}

const fdTotal = (levels: ResourceLevels) => sum(Object.values(levels.fds));

/**
 * The levels once the last calls' connections have closed: sockets a caller just hung up and
 * keep-alive connections (the gateway's to the API, the visitors' to the API) linger for
 * their timeouts, about 5 s. Read again every 2 s until the descriptors are back to `before`
 * or 30 s passed; what is still open then is growth.
 */
export async function settledLevels(
  read: () => Promise<ResourceLevels>,
  before: ResourceLevels,
): Promise<ResourceLevels> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const levels = await read();
    if (fdTotal(levels) <= fdTotal(before) || Date.now() > deadline) return levels;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Least-squares slope of evenly spaced samples (per step); NaN with fewer than two. */
export function slopePerStep(samples: readonly number[]): number {
  const n = samples.length;
  if (n < 2) return Number.NaN;
  const meanX = (n - 1) / 2;
  const meanY = sum([...samples]) / n;
  let num = 0;
  let den = 0;
  samples.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

import { readdirSync, readFileSync } from 'node:fs';
import { childPids } from '../../tests/support/caller/proc-stats.ts';
import { readWorkerDump } from '../../tests/support/caller/worker-dump-client.ts';

/** What the soak compares before and after: what a leak would make grow. */
export interface ResourceLevels {
  /** Open file descriptors of the gateway, its mediasoup workers and the API. */
  fds: { gateway: number; workers: number; api: number };
  /** Resident memory (MiB): the gateway after a full GC, its workers, the API. */
  rssMb: { gateway: number; workers: number; api: number };
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
    workerObjects:
      dump.routerIds.length +
      sum(
        dump.routers.map(
          (r) => r.transportIds.length + r.producerIds.length + r.consumerIds.length,
        ),
      ),
  };
}

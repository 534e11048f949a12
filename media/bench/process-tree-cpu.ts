import { childPids, cpuSeconds } from '../../tests/support/caller/proc-stats.ts';

/**
 * User + system CPU seconds of `pid` and of every descendant alive now (kamailio forks its
 * workers, the gateway its mediasoup workers). Throws when `pid` itself is gone; a descendant
 * that exits between the listing and the reading counts for nothing (the bench measures
 * steady calls, when no process comes or goes).
 */
export function treeCpuSeconds(pid: number): number {
  return cpuSeconds(pid) + childPids(pid).reduce((sum, child) => sum + aliveTreeCpu(child), 0);
}

function aliveTreeCpu(pid: number): number {
  try {
    return treeCpuSeconds(pid);
  } catch {
    return 0; // gone meanwhile (ENOENT from /proc)
  }
}

/** CPU seconds used so far by what a bench measures, by part (e.g. `node` and `worker`). */
export type CpuMeter = () => Record<string, number>;

/** The gateway: its Node process and its mediasoup workers (its children at the start). */
export function gatewayCpuMeter(mediaPid: number): CpuMeter {
  const workers = childPids(mediaPid);
  return () => ({
    node: cpuSeconds(mediaPid),
    worker: workers.reduce((sum, pid) => sum + cpuSeconds(pid), 0),
  });
}

// CPU time from /proc (Linux), so the bench can say where the machine's cores went: the
// API's threads, the load generator (this process and its child), and everything else on the machine
// (other work sharing the cores makes the figures noisy; this shows when it did).
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used, summed over its threads, by thread name. */
export function processCpu(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // Fields after the name: state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    byName.set(name, (byName.get(name) ?? 0) + seconds);
  }
  return byName;
}

/** CPU seconds the whole machine has been busy (all but idle and iowait). */
export function machineBusyCpu(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / ticksPerSecond;
}

export interface CpuSnapshot {
  api: Map<string, number>;
  bench: Map<string, number>;
  machine: number;
}

/**
 * CPU seconds of this process's children that have ended (cutime + cstime): the load
 * generator, which runs as a child and is counted once it exits.
 */
export function endedChildrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

/** Call after the load generator of the measured run has exited, so that its CPU counts. */
export const cpuSnapshot = (apiPid: number): CpuSnapshot => ({
  api: processCpu(apiPid),
  bench: new Map([...processCpu(process.pid), ['load generator', endedChildrenCpu()]]),
  machine: machineBusyCpu(),
});

const total = (byName: Map<string, number>) => [...byName.values()].reduce((a, b) => a + b, 0);

/** Cores used on average between two snapshots `seconds` apart. */
export function coresBetween(before: CpuSnapshot, after: CpuSnapshot, seconds: number) {
  const api = total(after.api) - total(before.api);
  const bench = total(after.bench) - total(before.bench);
  const machine = after.machine - before.machine;
  const apiThreads = Object.fromEntries(
    [...after.api].map(([name, cpu]) => [
      name,
      round((cpu - (before.api.get(name) ?? 0)) / seconds),
    ]),
  );
  return {
    api: round(api / seconds),
    apiThreads,
    loadGenerator: round(bench / seconds),
    everythingElse: round(Math.max(0, machine - api - bench) / seconds),
    apiCpuSeconds: api,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

import { fileURLToPath } from 'node:url';
import type { WorkerDumpReport } from './worker-dump-probe.ts';

export type { WorkerDumpReport };

const probePath = fileURLToPath(new URL('./worker-dump-probe.ts', import.meta.url));

/** The media gateway's extra environment that preloads the probe, serving on `port`. */
export function workerDumpProbeEnv(port: number): Record<string, string> {
  return { NODE_OPTIONS: `--import=${probePath}`, CTC_WORKER_DUMP_PORT: String(port) };
}

/** Asks the probe inside the gateway for the worker's state (and runs a GC first). */
export async function readWorkerDump(port: number): Promise<WorkerDumpReport> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`worker dump probe: HTTP ${response.status}`);
  return (await response.json()) as WorkerDumpReport;
}

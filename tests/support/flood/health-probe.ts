import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const probeProcess = fileURLToPath(new URL('./health-probe-process.ts', import.meta.url));

export interface HealthProbeReport {
  /** Each probe's time from request to the end of the answer, in order. */
  latenciesMs: number[];
  /** Probes by HTTP status (`error`: no answer). */
  statuses: Record<string, number>;
}

/** Probes `url` every `intervalMs` from a process of its own until stopped. */
export function startHealthProbe(url: string, intervalMs: number) {
  const child = spawn(process.execPath, [probeProcess, JSON.stringify({ url, intervalMs })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    /** Stops probing; resolves with every probe's figures. */
    async stop(): Promise<HealthProbeReport> {
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`the health probe failed (exit ${code})`);
      return JSON.parse(output) as HealthProbeReport;
    },
  };
}

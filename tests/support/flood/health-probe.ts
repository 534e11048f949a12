import { startChildReport } from './child-report.ts';

export interface HealthProbeReport {
  /** Each probe's time from request to the end of the answer, in order. */
  latenciesMs: number[];
  /** Probes by HTTP status (`error`: no answer). */
  statuses: Record<string, number>;
}

/** Probes `url` every `intervalMs` from a process of its own until stopped. */
export function startHealthProbe(url: string, intervalMs: number) {
  return startChildReport<HealthProbeReport>('./health-probe-process.ts', { url, intervalMs });
}

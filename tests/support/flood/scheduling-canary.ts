import { startChildReport } from './child-report.ts';

export interface CanaryReport {
  /** How late each wake-up came, in ms. */
  lateMs: number[];
}

/**
 * A process of its own that measures the machine's scheduling delays while a test runs
 * (scheduling-canary-process.ts): on shared cores another process can hold a worker off
 * the CPU, which no part of the product can prevent. `stop()` resolves with the longest delay.
 */
export function startSchedulingCanary() {
  const canary = startChildReport<CanaryReport>('./scheduling-canary-process.ts', {});
  return {
    async stop(): Promise<{ worstLateMs: number; wakeUps: number }> {
      const { lateMs } = await canary.stop();
      return { worstLateMs: Math.max(0, ...lateMs), wakeUps: lateMs.length };
    },
  };
}

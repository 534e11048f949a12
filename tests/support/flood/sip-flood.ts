import { startChildReport } from './child-report.ts';
import type { FloodPlan, FloodReport } from './sip-flood-plan.ts';

/** Runs a flood of bad SIP messages in a process of its own; resolves with what it did. */
export function sipFlood(plan: FloodPlan): Promise<FloodReport> {
  return startChildReport<FloodReport>('./sip-flood-process.ts', plan).report;
}

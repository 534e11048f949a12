import { loadavg } from 'node:os';
import { round, type MetricLine } from './bench-stats.ts';
import { minCallerSendRatePct } from './caller-figures.ts';
import type { ConcurrentRun } from './concurrent-calls.ts';
import { loadFigures } from './load-figures.ts';

/** The call counts held in turn for `calls_per_core_at_0_1pct_loss`. */
export const stepCounts = [50, 100, 150, 200];

interface Step {
  calls: number;
  calls_held: number;
  loss_pct: number;
  gateway_cores: number;
  caller_send_rate_pct: number;
  load_average_1m: number;
  udp_receive_drops_in_hold: Record<string, number>;
}

/**
 * `calls_per_core_at_0_1pct_loss`: holds each count of `stepCounts` in turn (stopping at the
 * first that fails), takes the largest count that every call held with loss within the
 * budget while the callers kept their rate, and divides it by the gateway's cores used
 * holding it (CPU seconds over held seconds). Every step goes into the line.
 */
export async function measureCallsPerCore(options: {
  lossBudgetPct: number;
  hold: (count: number) => Promise<ConcurrentRun>;
  log: (message: string) => void;
}): Promise<{ line: MetricLine; problems: string[] }> {
  const steps: Step[] = [];
  for (const count of stepCounts) {
    options.log(`calls per core: ${count} concurrent calls`);
    const load = await options.hold(count);
    const figures = loadFigures(load);
    const step: Step = {
      calls: count,
      calls_held: load.heldCalls,
      loss_pct: round(figures.lossPct),
      gateway_cores: round(load.cpuSeconds / load.heldSeconds),
      caller_send_rate_pct: figures.callerSendRatePct,
      load_average_1m: round(loadavg()[0]!, 2),
      udp_receive_drops_in_hold: load.udpDropsInHold,
    };
    steps.push(step);
    if (!withinBudget(step, options.lossBudgetPct)) break;
  }
  const best = steps.filter((step) => withinBudget(step, options.lossBudgetPct)).at(-1);
  const line: MetricLine = {
    metric: 'calls_per_core_at_0_1pct_loss',
    value: best ? best.calls / best.gateway_cores : Number.NaN,
    unit: 'calls/core',
    derived_from: best
      ? `${best.calls} calls held at ${best.loss_pct} % loss using ${best.gateway_cores} gateway cores`
      : `no step held all its calls within ${options.lossBudgetPct} % loss`,
    loss_budget_pct: options.lossBudgetPct,
    steps,
  };
  return { line, problems: best ? [] : [line.derived_from as string] };
}

function withinBudget(step: Step, lossBudgetPct: number): boolean {
  return (
    step.calls_held === step.calls &&
    step.loss_pct <= lossBudgetPct &&
    step.caller_send_rate_pct >= minCallerSendRatePct
  );
}

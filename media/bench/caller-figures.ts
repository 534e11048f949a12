import { loadavg } from 'node:os';
import { z } from 'zod';
import { round, type MetricLine } from './bench-stats.ts';
import type { ConcurrentRun } from './concurrent-calls.ts';
import type { LoadFigures } from './load-figures.ts';

/** Below this share of their send rate the callers, not the gateway, set the figures. */
export const minCallerSendRatePct = 98;
/** A call whose received packets carry the agent's tone less often than this heard garbage. */
const minTonePct = 90;

const CallsSchema = z.coerce.number().int().min(1).max(400);

/** `--calls N`: how many concurrent calls to hold instead of the default. */
export function callsArgument(argv: readonly string[]): number | undefined {
  const at = argv.indexOf('--calls');
  if (at === -1) return undefined;
  const parsed = CallsSchema.safeParse(argv[at + 1]);
  if (!parsed.success)
    throw new Error(`--calls wants a whole number of calls from 1 to 400, got '${argv[at + 1]}'`);
  return parsed.data;
}

/**
 * `caller_send_rate_pct`: whether the callers kept their 50 packets/s, with what they cost and
 * how late their packets left, and whether every call heard the agent's tone (a call with
 * garbage audio would otherwise pass as a call without loss).
 */
export function callerSendRateLine(
  load: ConcurrentRun,
  figures: LoadFigures,
): { line: MetricLine; problems: string[] } {
  const answered = load.results.filter((r) => r.status === 200 && r.packets.received > 0);
  const deaf = answered.filter(
    (r) => (100 * (r.packets.heardTone ?? 0)) / r.packets.received < minTonePct,
  );
  const heard = answered.reduce((sum, r) => sum + (r.packets.heardTone ?? 0), 0);
  const received = answered.reduce((sum, r) => sum + r.packets.received, 0);
  const { sender } = load.callers;
  const line: MetricLine = {
    metric: 'caller_send_rate_pct',
    value: figures.callerSendRatePct,
    unit: '%',
    callers: 'pion (one Go process, media/bench/pion-callers/)',
    calls_held: load.heldCalls,
    caller_packets_sent_in_hold: sender.sent,
    caller_packets_due_in_hold: sender.due,
    caller_send_rate_whole_call_pct: figures.callerSendRateWholeCallPct,
    caller_cpu_s: load.callers.cpuSeconds,
    caller_cpu_cores: load.callers.cpuSeconds / load.heldSeconds,
    caller_send_lateness_ms_p50: sender.latenessP50Ms,
    caller_send_lateness_ms_p99: sender.latenessP99Ms,
    caller_send_lateness_ms_max: sender.latenessMaxMs,
    caller_packets_skipped_late: sender.skipped,
    agent_tone_heard_pct: received > 0 ? (100 * heard) / received : 0,
    calls_without_agent_tone: deaf.length,
    // Other work on the machine (2 cores shared) during the hold: read the figures with it.
    load_average_1m_at_end: round(loadavg()[0]!, 2),
    budget: minCallerSendRatePct,
    within_budget: figures.callerSendRatePct >= minCallerSendRatePct,
  };
  const problems = deaf.map(
    (r) =>
      `call ${r.sipCallId}: only ${r.packets.heardTone ?? 0} of ${r.packets.received} packets carried the agent's 1000 Hz tone`,
  );
  return { line, problems };
}

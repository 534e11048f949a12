import type { ExpectedWait } from '../../../protocol/api/expected-wait.ts';

/** The queue's recent web calls, as the call records tell them (Repository.queueWaitHistory). */
export interface QueueWaitHistory {
  /** Calls answered within the window: how long each rang, and when its agent talked. */
  answered: { waitS: number; answeredAt: Date; endedAt?: Date }[];
  /** The queue's calls ringing now (waiting for an agent), longest waiting first. */
  waiting: { callId: string; ringingAt: Date }[];
}

/**
 * The one rule for the expected wait. Only the answered calls of the last `windowMinutes` of
 * the same queue count; fewer than `minAnswered` of them (among those that rang at least as
 * long as the visitor already has) say nothing, and then the widget shows nothing.
 */
export const expectedWaitRule = { windowMinutes: 60, minAnswered: 3 } as const;

/**
 * The expected wait of a visitor of the queue: before calling (`callId` absent), behind every
 * web caller waiting; while ringing, from the call's own place in line and the time it has
 * already rung. The estimate is the median of how much longer the recent answered calls
 * rang than the visitor already has (the median: one caller left ringing for ten minutes does
 * not move it), stretched by the callers ahead: each of them takes one agent for such a
 * wait, and the queue has at least as many agents as it was seen answering calls at once.
 * Rounded so as never to promise a precision it has not: see `roundExpectedWait`.
 */
export function estimateExpectedWait(
  history: QueueWaitHistory,
  now: Date,
  callId?: string,
): ExpectedWait | undefined {
  const ahead = callId
    ? history.waiting.findIndex((call) => call.callId === callId)
    : history.waiting.length;
  // Not ringing (answered, ended, or not this queue's): no wait to tell.
  if (ahead < 0) return undefined;
  const ringingAt = callId ? history.waiting[ahead]!.ringingAt : now;
  const waitedS = Math.max(0, (now.getTime() - ringingAt.getTime()) / 1000);
  const longerWaits = history.answered
    .filter((call) => call.waitS >= waitedS)
    .map((call) => call.waitS - waitedS);
  if (longerWaits.length < expectedWaitRule.minAnswered) return undefined;
  const agents = Math.max(1, mostAnsweredAtOnce(history.answered, now));
  const seconds = median(longerWaits) * (1 + ahead / agents);
  return { ...roundExpectedWait(seconds), position: ahead + 1 };
}

/**
 * Whether no agent of the queue is free for the visitor, as far as the call records tell:
 * a web caller is in line ahead of them, or as many calls are being talked on now as the
 * queue was ever seen answering at once. A PBX-specific source could tell it exactly.
 */
export function agentsAllBusy(history: QueueWaitHistory, now: Date, callId?: string): boolean {
  const ahead = callId
    ? history.waiting.findIndex((call) => call.callId === callId)
    : history.waiting.length;
  if (ahead > 0) return true;
  const talking = history.answered.filter((call) => !call.endedAt).length;
  return talking > 0 && talking >= mostAnsweredAtOnce(history.answered, now);
}

/**
 * Seconds as the visitor reads them: under 45 s "under a minute" (0); whole minutes up to 10;
 * then to 5 minutes; beyond 30 minutes, "more than 30 minutes".
 */
export function roundExpectedWait(seconds: number): Pick<ExpectedWait, 'minutes' | 'moreThan'> {
  const minutes = seconds / 60;
  if (seconds < 45) return { minutes: 0, moreThan: false };
  if (minutes <= 10) return { minutes: Math.max(1, Math.round(minutes)), moreThan: false };
  if (minutes <= 30) return { minutes: Math.min(30, Math.round(minutes / 5) * 5), moreThan: false };
  return { minutes: 30, moreThan: true };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The most calls of the list that agents were talking on at the same moment. */
function mostAnsweredAtOnce(answered: QueueWaitHistory['answered'], now: Date): number {
  // Ends sort before starts at the same instant: a call handed over is not two at once.
  const edges = answered
    .flatMap((call) => [
      { at: call.answeredAt.getTime(), step: 1 },
      { at: (call.endedAt ?? now).getTime(), step: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.step - b.step);
  let talking = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (talking += edge.step));
  return most;
}

import type { CallRecord } from '../storage/repository.ts';

type Timed = Pick<CallRecord, 'createdAt' | 'answeredAt' | 'endedAt' | 'durationS'>;

/**
 * Seconds the visitor waited, from pressing Call (the call's token was issued then) to the
 * answer, or, unanswered, to the end; undefined while still waiting.
 */
export function waitS(call: Timed): number | undefined {
  const until = call.answeredAt ?? call.endedAt;
  if (!until) return undefined;
  return Math.max(0, Math.round((until.getTime() - call.createdAt.getTime()) / 1000));
}

/**
 * Seconds the visitor and the agent talked, as media measured it: 0 when nobody answered,
 * undefined while they still talk or when the API inferred the end (media never said).
 */
export function talkS(call: Timed): number | undefined {
  if (!call.answeredAt) return call.endedAt ? 0 : undefined;
  return call.durationS === undefined ? undefined : Math.round(call.durationS);
}

/** "1:05" (minutes and seconds), "1:02:03" past an hour. */
export function clockDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

import type { ConnectionTest } from '../../../../protocol/api/connection-test.ts';
import type { CallRecord } from '../../storage/repository.ts';

/**
 * A call open now, as the live view shows it: nothing personal, the visitor's routing answers
 * and the connection test's verdict, as the review page shows them.
 */
export interface BoardCall {
  siteId: string;
  queue: string;
  /** A random UUID: the row's key in the page. */
  callId: string;
  /** connecting and ringing: waiting for an agent; talking: answered. */
  phase: 'connecting' | 'ringing' | 'talking';
  /** When the visitor started waiting (the call was granted), ISO 8601. */
  waitingSince: string;
  /** When the call entered its phase, ISO 8601. */
  phaseSince: string;
  intent: string;
  language: string;
  country: string;
  /** The pre-call connection test's verdict; null when none ran. */
  connectionTest: ConnectionTest['verdict'] | null;
}

/** `siteId/queue`. */
export type QueueKey = string;
export const queueKeyOf = (siteId: string, queue: string): QueueKey => `${siteId}/${queue}`;

/** What the live view shows of a call record; undefined once it has ended. */
export function boardCallOf(record: CallRecord): BoardCall | undefined {
  if (record.status === 'ended') return undefined;
  const phase =
    record.status === 'answered'
      ? 'talking'
      : record.status === 'ringing'
        ? 'ringing'
        : 'connecting';
  const phaseSince =
    (phase === 'talking'
      ? record.answeredAt
      : phase === 'ringing'
        ? record.ringingAt
        : undefined) ?? record.createdAt;
  return {
    siteId: record.siteId,
    queue: record.queue,
    callId: record.id,
    phase,
    waitingSince: record.createdAt.toISOString(),
    phaseSince: phaseSince.toISOString(),
    intent: record.routing.intent,
    language: record.routing.language,
    country: record.routing.country,
    connectionTest: record.connectionTest?.verdict ?? null,
  };
}

/**
 * The open calls, kept from two feeds: one call's record read again right after its event was
 * committed here (`put`), and every open call loaded from the database (`beginLoad` then
 * `finishLoad`), which brings what other API instances stored. A load is a picture taken when
 * it began: a call `put` after that is newer than the load's row for it, so the put wins (an
 * ended call does not come back for a moment because a slower load still saw it open).
 * Each change returns the queues it touched, for the live streams to send.
 */
export interface LiveCallBoard {
  put(callId: string, record: CallRecord | undefined): QueueKey[];
  /** A token for `finishLoad`: the load sees every `put` before this. */
  beginLoad(): number;
  finishLoad(token: number, openCalls: readonly CallRecord[]): QueueKey[];
  calls(): BoardCall[];
}

export function liveCallBoard(): LiveCallBoard {
  let calls = new Map<string, BoardCall>();
  // The sequence number of each call's latest `put`, until a load that began after it ends.
  const putAt = new Map<string, number>();
  let sequence = 0;

  const sameCall = (a: BoardCall | undefined, b: BoardCall | undefined) =>
    JSON.stringify(a) === JSON.stringify(b);
  const touched = (changed: Set<QueueKey>, call: BoardCall | undefined) => {
    if (call) changed.add(queueKeyOf(call.siteId, call.queue));
  };

  return {
    put(callId, record) {
      putAt.set(callId, ++sequence);
      const before = calls.get(callId);
      const after = record ? boardCallOf(record) : undefined;
      if (sameCall(before, after)) return [];
      if (after) calls.set(callId, after);
      else calls.delete(callId);
      const changed = new Set<QueueKey>();
      touched(changed, before);
      touched(changed, after);
      return [...changed];
    },
    beginLoad: () => sequence,
    finishLoad(token, openCalls) {
      const next = new Map<string, BoardCall>();
      for (const record of openCalls) {
        const call = boardCallOf(record);
        if (call && (putAt.get(record.id) ?? 0) <= token) next.set(record.id, call);
      }
      // Put after the load began: the put's state stands, open or gone.
      for (const [callId, at] of putAt) {
        if (at <= token) {
          putAt.delete(callId);
          continue;
        }
        const kept = calls.get(callId);
        if (kept) next.set(callId, kept);
        else next.delete(callId);
      }
      const changed = new Set<QueueKey>();
      for (const id of new Set([...calls.keys(), ...next.keys()])) {
        const before = calls.get(id);
        const after = next.get(id);
        if (sameCall(before, after)) continue;
        touched(changed, before);
        touched(changed, after);
      }
      calls = next;
      return [...changed];
    },
    calls: () => [...calls.values()],
  };
}

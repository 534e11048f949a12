import type { CallHold, RateLimit } from '../abuse/limit-store.ts';

/** One request for limits: a call's holds and rates, or rates alone (`callId` null). */
export interface AdmissionRequest {
  callId: string | null;
  holds: readonly CallHold[];
  rates: readonly RateLimit[];
  now: Date;
}

/** limits_admit_batch's answer for one request, in the order asked. */
export interface AdmissionRow {
  /** 1-based among the request's holds. */
  full_hold: number | null;
  /** 1-based among the request's rates. */
  refused_rate: number | null;
  retry_after_s: number | null;
}

export const admitBatchSql = `select full_hold, refused_rate, retry_after_s
  from limits_admit_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) with ordinality
  order by ordinality`;

/** Numbers each distinct key of the batch once (1-based, as SQL arrays are). */
function slotsOf(): { slot(key: string): number; keys: string[] } {
  const slots = new Map<string, number>();
  const keys: string[] = [];
  return {
    keys,
    slot(key) {
      let slot = slots.get(key);
      if (slot === undefined) slots.set(key, (slot = keys.push(key)));
      return slot;
    },
  };
}

/**
 * limits_admit_batch's parameters for requests taken in the order given (see its comment in
 * shared-limits-migration.ts). The batch is decided as of its latest request's clock.
 */
export function admitBatchParams(requests: readonly AdmissionRequest[]): unknown[] {
  const holdKeys = slotsOf();
  const rateKeys = slotsOf();
  const ratePerMinute: number[] = [];
  const holds = requests.flatMap((request) => request.holds);
  const rates = requests.flatMap((request) => request.rates);
  let holdEnd = 0;
  let rateEnd = 0;
  return [
    new Date(Math.max(...requests.map((request) => request.now.getTime()))),
    requests.map((request) => request.callId),
    requests.map((request) => (holdEnd += request.holds.length)),
    requests.map((request) => (rateEnd += request.rates.length)),
    holds.map((hold) => holdKeys.slot(hold.key)),
    holds.map((hold) => hold.limit),
    holds.map((hold) => hold.until),
    holds.map((hold) => hold.followsCall),
    rates.map((rate) => {
      const slot = rateKeys.slot(rate.key);
      // A key's refill rate is its first request's: the site's limits for that key.
      ratePerMinute[slot - 1] ??= rate.perMinute;
      return slot;
    }),
    holdKeys.keys,
    rateKeys.keys,
    ratePerMinute,
  ];
}

/** A call holds each key once: its place under that key's limit. */
export function checkDistinctKeys(holds: readonly CallHold[]): void {
  const keys = new Set(holds.map((hold) => hold.key));
  if (keys.size !== holds.length) throw new Error('a call holds each limit key once');
}

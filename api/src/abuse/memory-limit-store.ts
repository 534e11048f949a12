import TinyQueue from 'tinyqueue';
import type {
  AdmissionDecision,
  CallHold,
  LimitStore,
  RateDecision,
  RateLimit,
} from './limit-store.ts';

interface Bucket {
  tokens: number;
  /** When it last gave a token, ms. */
  at: number;
}

interface Held {
  key: string;
  until: number;
  followsCall: boolean;
  /** Counted on its key: not yet released, lapsed or swept. */
  counted: boolean;
}

/**
 * The limits in this process's memory, for the embedded PGlite store: PGlite opens in one
 * process, so one API instance is all there is, and its limits need no database round trip
 * (the SQL store, storage/sql-limit-store.ts, costs a PGlite statement per batch of tokens,
 * which cut token issuance by half or more). The same rules as the SQL functions of
 * storage/shared-limits-migration.ts, checked by the same tests.
 */
export function memoryLimitStore(): LimitStore {
  const buckets = new Map<string, Bucket>();
  const holdsByCall = new Map<string, Held[]>();
  /** Holds counted per key: what a limit compares with, without walking the holds. */
  const counts = new Map<string, number>();
  // Each hold's lapse time, soonest first; an entry whose hold moved on (released, extended)
  // is skipped when it comes up. Durations differ (a token's 2 minutes, a session's 15, a
  // live call's 4 hours), so a queue in arrival order would not be in time order.
  const lapses = new TinyQueue<{ held: Held; until: number }>([], (a, b) => a.until - b.until);

  const uncount = (held: Held) => {
    if (!held.counted) return;
    held.counted = false;
    const left = (counts.get(held.key) ?? 1) - 1;
    if (left > 0) counts.set(held.key, left);
    else counts.delete(held.key);
  };
  const lapse = (nowMs: number) => {
    for (let next = lapses.peek(); next && next.until <= nowMs; next = lapses.peek()) {
      lapses.pop();
      if (next.held.until === next.until) uncount(next.held);
    }
  };
  const forgetCall = (callId: string) => {
    const held = holdsByCall.get(callId)?.filter((one) => one.counted) ?? [];
    if (held.length > 0) holdsByCall.set(callId, held);
    else holdsByCall.delete(callId);
  };

  /** Tokens in each limit's bucket at `nowMs`: a missing bucket is full. */
  const tokensOf = (limit: RateLimit, nowMs: number) => {
    const bucket = buckets.get(limit.key);
    if (!bucket) return limit.perMinute;
    // A clock stepping back (NTP) must not drain a bucket.
    const elapsedMs = Math.max(0, nowMs - bucket.at);
    return Math.min(limit.perMinute, bucket.tokens + (elapsedMs / 60_000) * limit.perMinute);
  };

  /** The rate with the longest wait among those without a token, if any. */
  const refusedRate = (rates: readonly RateLimit[], nowMs: number) => {
    let refused: { rate: RateLimit; retryAfterS: number } | undefined;
    for (const rate of rates) {
      const wait = ((1 - tokensOf(rate, nowMs)) / rate.perMinute) * 60;
      if (wait > (refused?.retryAfterS ?? 0)) refused = { rate, retryAfterS: wait };
    }
    return refused;
  };

  const spend = (rates: readonly RateLimit[], nowMs: number) => {
    const left = rates.map((rate) => tokensOf(rate, nowMs) - 1);
    rates.forEach((rate, i) => buckets.set(rate.key, { tokens: left[i]!, at: nowMs }));
  };

  return {
    async takeRates(limits, now): Promise<RateDecision> {
      const nowMs = now.getTime();
      const refused = refusedRate(limits, nowMs);
      if (refused) {
        return { allowed: false, retryAfterS: refused.retryAfterS, label: refused.rate.label };
      }
      spend(limits, nowMs);
      return { allowed: true };
    },
    async admitCall<Hold extends CallHold>(
      callId: string,
      holds: readonly Hold[],
      rates: readonly RateLimit[],
      now: Date,
    ): Promise<AdmissionDecision<Hold>> {
      const nowMs = now.getTime();
      lapse(nowMs);
      const fullHold = holds.find((hold) => (counts.get(hold.key) ?? 0) >= hold.limit);
      if (fullHold) return { admitted: false, fullHold };
      const refused = refusedRate(rates, nowMs);
      if (refused) {
        return { admitted: false, refusedRate: refused.rate, retryAfterS: refused.retryAfterS };
      }
      spend(rates, nowMs);
      const taken = holds.map((hold): Held => ({
        key: hold.key,
        until: hold.until.getTime(),
        followsCall: hold.followsCall,
        counted: true,
      }));
      holdsByCall.set(callId, [...(holdsByCall.get(callId) ?? []), ...taken]);
      for (const held of taken) {
        counts.set(held.key, (counts.get(held.key) ?? 0) + 1);
        lapses.push({ held, until: held.until });
      }
      return { admitted: true };
    },
    async releaseCall(callId, which) {
      for (const held of holdsByCall.get(callId) ?? []) {
        if (which === 'all' || held.followsCall) uncount(held);
      }
      forgetCall(callId);
    },
    async extendCall(callId, until) {
      for (const held of holdsByCall.get(callId) ?? []) {
        if (!held.followsCall || !held.counted) continue;
        held.until = until.getTime();
        lapses.push({ held, until: held.until });
      }
    },
    async sweepLimits(now) {
      const nowMs = now.getTime();
      lapse(nowMs);
      for (const callId of holdsByCall.keys()) forgetCall(callId);
      // A bucket untouched for a minute is full again: the same as no bucket.
      for (const [key, bucket] of buckets) if (nowMs - bucket.at >= 60_000) buckets.delete(key);
    },
  };
}

/**
 * The API's abuse limits, kept in the database so that every API instance on one PostgreSQL
 * (or the one on its embedded PGlite) enforces the same numbers: rate limits, calls in
 * progress, call tokens per session. Implemented in SQL (storage/sql-limit-store.ts).
 */

/** One limit to check: at most `perMinute` events for `key`, refilled evenly over a minute. */
export interface RateLimit {
  key: string;
  perMinute: number;
  /** Named in the 429 message, e.g. "call tokens per IP". */
  label: string;
}

export type RateDecision =
  { allowed: true } | { allowed: false; retryAfterS: number; label: string };

/**
 * A place a call takes under a key's limit (site, client address, session), held until it is
 * released or `until` passes.
 */
export interface CallHold {
  key: string;
  /** How many calls may hold the key at once. */
  limit: number;
  /** When the hold lapses on its own: a pending call's token expiry, a session's expiry. */
  until: Date;
  /**
   * Media's events move it: any event keeps it up to a ceiling, `ended` frees it (calls in
   * progress). Otherwise it holds until `until` whatever the call does (calls per session).
   */
  followsCall: boolean;
}

export type AdmissionDecision<Hold extends CallHold> =
  | { admitted: true }
  | { admitted: false; fullHold: Hold }
  | { admitted: false; refusedRate: RateLimit; retryAfterS: number };

export interface LimitStore {
  /**
   * Takes one from each limit's bucket, all or nothing: a request over any of its limits
   * consumes none of them.
   */
  takeRates(limits: readonly RateLimit[], now: Date): Promise<RateDecision>;
  /**
   * Admits a call, atomically across API instances: each hold's key has room and each rate
   * has a token, and then the call takes them all; otherwise it takes nothing and the first
   * full hold (in the order given), or the rate with the longest wait, says why.
   */
  admitCall<Hold extends CallHold>(
    callId: string,
    holds: readonly Hold[],
    rates: readonly RateLimit[],
    now: Date,
  ): Promise<AdmissionDecision<Hold>>;
  /** The call frees its holds: those that follow it, or all of them (it was never granted). */
  releaseCall(callId: string, which: 'following' | 'all'): Promise<void>;
  /** The call's following holds now last until `until` (media reported it alive). */
  extendCall(callId: string, until: Date): Promise<void>;
  /** Forgets what no longer limits anyone (lapsed holds, full buckets) so tables stay small. */
  sweepLimits(now: Date): Promise<void>;
}

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
 * Token buckets in memory, one per key, checked all-or-nothing: a request over any of its
 * limits consumes none of them, so a refused request changes nothing. Limits are per API
 * instance; behind N instances without sticky routing the effective limit is N times higher.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #lastSweep = 0;

  take(limits: readonly RateLimit[], nowMs: number): RateDecision {
    this.#sweep(nowMs);
    const states = limits.map((limit) => {
      const bucket = this.#buckets.get(limit.key);
      // A clock stepping back (NTP) must not drain a bucket.
      const elapsedMs = bucket ? Math.max(0, nowMs - bucket.at) : 60_000;
      const refill = (elapsedMs / 60_000) * limit.perMinute;
      return { limit, tokens: Math.min(limit.perMinute, (bucket?.tokens ?? 0) + refill) };
    });
    let refused: { retryAfterS: number; label: string } | undefined;
    for (const { limit, tokens } of states) {
      if (tokens >= 1) continue;
      const retryAfterS = ((1 - tokens) / limit.perMinute) * 60;
      if (!refused || retryAfterS > refused.retryAfterS)
        refused = { retryAfterS, label: limit.label };
    }
    if (refused) return { allowed: false, ...refused };
    for (const { limit, tokens } of states)
      this.#buckets.set(limit.key, { tokens: tokens - 1, at: nowMs });
    return { allowed: true };
  }

  // Buckets untouched for a minute are full again: forget them so memory stays bounded.
  #sweep(nowMs: number): void {
    if (nowMs - this.#lastSweep < 60_000) return;
    this.#lastSweep = nowMs;
    for (const [key, bucket] of this.#buckets) {
      if (nowMs - bucket.at > 60_000) this.#buckets.delete(key);
    }
  }
}

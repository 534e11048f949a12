import type { CallEventType } from '../../../protocol/api/call-event.ts';

interface TrackedCall {
  keys: string[];
  /** Until when the call counts unless media reports it; pending calls expire with their token. */
  until: number;
}

// A call media reported but never ended (a lost `ended` event) stops counting after this.
const activeCallCeilingMs = 4 * 3600_000;

/**
 * Calls in progress per key (site, client IP, session), in memory: a call counts from its
 * token's issue until media reports it ended, or until its token expires if media never
 * reports it at all. Per API instance, like the rate limits.
 */
export class CallConcurrency {
  readonly #calls = new Map<string, TrackedCall>();
  readonly #counts = new Map<string, number>();
  // Expiry checks in time order; entries whose call moved on are skipped when popped.
  readonly #expiries: { callId: string; until: number }[] = [];
  #head = 0;

  count(key: string, nowMs: number): number {
    this.#expire(nowMs);
    return this.#counts.get(key) ?? 0;
  }

  start(callId: string, keys: string[], until: number): void {
    this.#calls.set(callId, { keys, until });
    for (const key of keys) this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    this.#expiries.push({ callId, until });
  }

  /** The call was not granted after all (its record or token failed): it stops counting. */
  cancel(callId: string): void {
    const call = this.#calls.get(callId);
    if (call) this.#stop(callId, call);
  }

  /** Media reported the call: it counts until it ends (or the ceiling). */
  update(callId: string, type: CallEventType, nowMs: number): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    if (type === 'ended') return this.#stop(callId, call);
    call.until = nowMs + activeCallCeilingMs;
    this.#expiries.push({ callId, until: call.until });
  }

  #stop(callId: string, call: TrackedCall): void {
    this.#calls.delete(callId);
    for (const key of call.keys) {
      const left = (this.#counts.get(key) ?? 1) - 1;
      if (left > 0) this.#counts.set(key, left);
      else this.#counts.delete(key);
    }
  }

  #expire(nowMs: number): void {
    while (this.#head < this.#expiries.length && this.#expiries[this.#head]!.until <= nowMs) {
      const { callId, until } = this.#expiries[this.#head]!;
      this.#head += 1;
      const call = this.#calls.get(callId);
      if (call && call.until === until) this.#stop(callId, call);
    }
    if (this.#head > 1024 && this.#head * 2 > this.#expiries.length) {
      this.#expiries.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

/** Counts per key that vanish after a deadline (e.g. call tokens issued per session). */
export class ExpiringCounter {
  readonly #entries = new Map<string, { count: number; until: number }>();
  #lastSweep = 0;

  get(key: string, nowMs: number): number {
    const entry = this.#entries.get(key);
    return entry && entry.until > nowMs ? entry.count : 0;
  }

  increment(key: string, until: number, nowMs: number): void {
    this.#sweep(nowMs);
    const entry = this.#entries.get(key);
    if (entry && entry.until > nowMs) entry.count += 1;
    else this.#entries.set(key, { count: 1, until });
  }

  /** Takes back one increment (what it counted did not happen after all). */
  decrement(key: string, nowMs: number): void {
    const entry = this.#entries.get(key);
    if (!entry || entry.until <= nowMs) return;
    if (entry.count > 1) entry.count -= 1;
    else this.#entries.delete(key);
  }

  #sweep(nowMs: number): void {
    if (nowMs - this.#lastSweep < 60_000) return;
    this.#lastSweep = nowMs;
    for (const [key, entry] of this.#entries) if (entry.until <= nowMs) this.#entries.delete(key);
  }
}

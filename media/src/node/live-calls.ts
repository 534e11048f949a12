import type { CallEndReason } from '../../../protocol/call-end-reason.ts';

/** A call in progress that the gateway can end by itself. */
export interface EndableCall {
  hangUp(reason: CallEndReason): void;
}

/**
 * The calls in progress on this gateway, from the browser's INVITE to the end: counted for the
 * node's load, waited for and, when time is up, ended by a drain.
 */
export class LiveCalls<Call extends EndableCall = EndableCall> {
  readonly #calls = new Set<Call>();
  #whenEmpty: (() => void)[] = [];

  get size(): number {
    return this.#calls.size;
  }

  add(call: Call): void {
    this.#calls.add(call);
  }

  delete(call: Call): void {
    if (!this.#calls.delete(call) || this.#calls.size > 0) return;
    const waiting = this.#whenEmpty;
    this.#whenEmpty = [];
    for (const resolve of waiting) resolve();
  }

  /** Resolves once no call is left (at once when none is). */
  whenEmpty(): Promise<void> {
    if (this.#calls.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#whenEmpty.push(resolve));
  }

  /** Ends every call left with `reason`; each leaves the set as it ends. */
  hangUpAll(reason: CallEndReason): void {
    for (const call of [...this.#calls]) call.hangUp(reason);
  }
}

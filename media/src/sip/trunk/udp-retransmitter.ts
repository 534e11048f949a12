/**
 * RFC 3261 request retransmission over UDP, which sip.js 0.21's transactions leave as TODO
 * (Timers A and E). Sits between the sip.js transactions and the UDP socket: every request it
 * sees going out is re-sent until a response says the far end has it.
 *
 *   INVITE (Timer A): T1, 2T1, 4T1 ... until any response (even 100), or 64*T1 (Timer B).
 *   non-INVITE (Timer E): T1, 2T1 ... capped at T2 until a final response, or 64*T1 (Timer F);
 *     after a provisional response the interval is T2 (RFC 3261 17.1.2.2).
 *   ACK is never retransmitted by timer: it is re-sent when a retransmitted 2xx arrives (sip.js
 *   does that) or a non-2xx (the sip.js INVITE transaction does that).
 * The transactions' own Timer B/F still decide the outcome; this only makes the request arrive.
 */

export interface RetransmitTimers {
  /** RTT estimate, 500 ms by default. */
  t1Ms: number;
  /** Longest interval for non-INVITE requests, 4 s by default. */
  t2Ms: number;
}

export const defaultRetransmitTimers: RetransmitTimers = { t1Ms: 500, t2Ms: 4000 };

interface Pending {
  message: string;
  isInvite: boolean;
  intervalMs: number;
  provisional: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  giveUp: ReturnType<typeof setTimeout>;
}

/** The transaction key of a request: its top Via branch and its method (CANCEL shares the
 * INVITE's branch, RFC 3261 9.1). Undefined for anything that is not a request. */
export function requestKey(message: string): string | undefined {
  const method = /^([A-Z]+) \S+ SIP\/2\.0\r\n/.exec(message)?.[1];
  const branch = /^(?:Via|v):[^\r\n]*?;branch=([^;,\s]+)/im.exec(message)?.[1];
  return method && branch ? `${branch} ${method}` : undefined;
}

export class UdpRetransmitter {
  readonly #pending = new Map<string, Pending>();
  readonly #resend: (message: string) => void;
  readonly #timers: RetransmitTimers;

  constructor(
    resend: (message: string) => void,
    timers: RetransmitTimers = defaultRetransmitTimers,
  ) {
    this.#resend = resend;
    this.#timers = timers;
  }

  /** Number of requests still being retransmitted (for tests and metrics). */
  get size(): number {
    return this.#pending.size;
  }

  /** Called for every message sent: starts retransmitting requests other than ACK. */
  sent(message: string): void {
    const key = requestKey(message);
    if (!key || key.endsWith(' ACK') || this.#pending.has(key)) return;
    const { t1Ms } = this.#timers;
    const entry: Pending = {
      message,
      isInvite: key.endsWith(' INVITE'),
      intervalMs: t1Ms,
      provisional: false,
      timer: undefined,
      giveUp: setTimeout(() => this.stop(key), 64 * t1Ms),
    };
    this.#pending.set(key, entry);
    this.#schedule(key, entry);
  }

  /** Called for every response received: stops or slows the matching request's timer. */
  received(branch: string, cseqMethod: string, statusCode: number): void {
    const key = `${branch} ${cseqMethod}`;
    const entry = this.#pending.get(key);
    if (!entry) return;
    if (entry.isInvite || statusCode >= 200) {
      this.stop(key);
      return;
    }
    entry.provisional = true;
  }

  /** Stops retransmitting one request (its transaction was abandoned). */
  stop(key: string): void {
    const entry = this.#pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    clearTimeout(entry.giveUp);
    this.#pending.delete(key);
  }

  stopAll(): void {
    for (const key of [...this.#pending.keys()]) this.stop(key);
  }

  #schedule(key: string, entry: Pending): void {
    entry.timer = setTimeout(() => {
      if (this.#pending.get(key) !== entry) return;
      this.#resend(entry.message);
      const { t2Ms } = this.#timers;
      entry.intervalMs = entry.isInvite
        ? entry.intervalMs * 2
        : entry.provisional
          ? t2Ms
          : Math.min(entry.intervalMs * 2, t2Ms);
      this.#schedule(key, entry);
    }, entry.intervalMs);
  }
}

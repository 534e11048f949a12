// What the test's process and the impairment relay's process (impairment-relay-process.ts)
// say to each other over the IPC channel.

/** Delay imposed on each datagram, each way. */
export interface Impairment {
  /** Mean one-way delay, ms. */
  delayMs: number;
  /**
   * One-way jitter, ms, in RFC 3550's sense: the mean absolute difference between two
   * datagrams' delays. Each datagram's delay is drawn uniformly from delayMs ± 1.5 jitterMs,
   * whose mean absolute difference is exactly jitterMs (2/3 of the half-width).
   */
  jitterMs: number;
}

/** One datagram through the relay, on the relay's clock (ms). */
export interface RelayedDatagram {
  /** When the relay had it in hand. */
  receivedAtMs: number;
  /** When the relay really sent it on: its hold includes any lateness of the relay's own. */
  sentAtMs: number;
}

/** Every datagram since the last impose(), each way, in the order they came in. */
export interface RelayRecord {
  /** From the browsers toward the media service. */
  toward: RelayedDatagram[];
  /** From the media service back to the browsers. */
  back: RelayedDatagram[];
}

export type RelayCommand =
  | {
      type: 'start';
      listen: { ip: string; port: number };
      target: { ip: string; port: number };
    }
  | { type: 'impose'; impairment: Impairment }
  | { type: 'record' };

export type RelayReply =
  | { type: 'started' }
  | { type: 'failed'; message: string }
  | { type: 'imposed' }
  | ({ type: 'record' } & RelayRecord);

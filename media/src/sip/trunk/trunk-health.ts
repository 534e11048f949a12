import type { ServiceLogger as TrunkLogger } from '../core/sip-logger.ts';

export interface TrunkHealthOptions {
  /** Sends one OPTIONS; resolves with the status, or undefined when none came in time. */
  ping(): Promise<number | undefined>;
  intervalMs: number;
  logger: TrunkLogger;
}

/**
 * Whether the trunk answers SIP, from OPTIONS pings and from the calls themselves. Starts
 * optimistic (healthy) so the first call after start-up is tried, not refused.
 *
 *   healthy --ping unanswered / 503, INVITE unanswered--> unhealthy (calls fail fast)
 *   unhealthy --any response from the trunk--> healthy
 * A call refused while unhealthy triggers a ping at once, so recovery is seen quickly.
 */
export class TrunkHealth {
  readonly #options: TrunkHealthOptions;
  #healthy = true;
  #timer: ReturnType<typeof setInterval> | undefined;
  #pinging: Promise<void> | undefined;
  #lastFailure: Error | undefined;

  constructor(options: TrunkHealthOptions) {
    this.#options = options;
  }

  get healthy(): boolean {
    return this.#healthy;
  }

  /** What the last failed ping threw (a refused TLS certificate...), while unhealthy. */
  get lastFailure(): Error | undefined {
    return this.#healthy ? undefined : this.#lastFailure;
  }

  start(): void {
    void this.pingNow();
    this.#timer = setInterval(() => void this.pingNow(), this.#options.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Sends a ping unless one is already out; resolves when it is settled. */
  pingNow(): Promise<void> {
    this.#pinging ??= this.#options
      .ping()
      .then((status) => {
        this.#lastFailure = undefined;
        this.mark(status !== undefined && status !== 503, status);
      })
      .catch((error: Error) => {
        this.#lastFailure = error;
        this.#options.logger.warn({ err: error }, 'trunk OPTIONS ping failed');
        this.mark(false);
      })
      .finally(() => {
        this.#pinging = undefined;
      });
    return this.#pinging;
  }

  mark(ok: boolean, status?: number): void {
    if (ok === this.#healthy) return;
    this.#healthy = ok;
    const log = ok ? this.#options.logger.info : this.#options.logger.warn;
    log.call(this.#options.logger, { status }, ok ? 'trunk is reachable' : 'trunk is unreachable');
  }
}

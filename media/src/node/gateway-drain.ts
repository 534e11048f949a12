import type { Logger } from 'pino';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import type { LiveCalls } from './live-calls.ts';

export interface GatewayDrainOptions {
  calls: LiveCalls;
  /** How long live calls may go on once draining (MEDIA_DRAIN_TIMEOUT_MS). */
  timeoutMs: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** What a drain was started by, for the log. */
export type DrainTrigger = 'SIGTERM' | 'SIGINT' | 'admin';

/**
 * Taking a gateway out of service without cutting its calls:
 *
 *   serving --start()--> draining --the last call ends--> drained
 *                           |--timeout passes, or endCallsNow(): calls left end--^
 *
 * While draining, readiness answers 503 (load balancers and the API send nothing new), new
 * INVITEs and connection tests are refused; calls in progress go on untouched. A call still
 * live at the timeout, or on endCallsNow() (a second SIGTERM), ends as `gateway_draining`.
 */
export class GatewayDrain {
  readonly #options: GatewayDrainOptions;
  #state: 'serving' | 'draining' | 'drained' = 'serving';
  #timer: NodeJS.Timeout | undefined;
  #settle: () => void = () => undefined;
  /** Settles once a started drain has no call left. */
  readonly drained: Promise<void>;

  constructor(options: GatewayDrainOptions) {
    this.#options = options;
    this.drained = new Promise((resolve) => (this.#settle = resolve));
  }

  /** True from the start of a drain on: the gateway takes nothing new. */
  get draining(): boolean {
    return this.#state !== 'serving';
  }

  /** Starts draining; a drain already started goes on as it was. */
  start(trigger: DrainTrigger): void {
    if (this.#state !== 'serving') return;
    this.#state = 'draining';
    const { calls, timeoutMs, logger } = this.#options;
    logger.info({ trigger, activeCalls: calls.size, timeoutMs }, 'gateway draining');
    this.#timer = setTimeout(() => this.#endCalls('drain_timeout'), timeoutMs);
    void calls.whenEmpty().then(() => {
      clearTimeout(this.#timer);
      this.#state = 'drained';
      logger.info({ trigger }, 'gateway drained: no call left');
      this.#settle();
    });
  }

  /** Ends the calls left now (drains first if not draining yet). */
  endCallsNow(): void {
    this.start('SIGTERM');
    this.#endCalls('drain_forced');
  }

  #endCalls(cause: 'drain_timeout' | 'drain_forced'): void {
    const { calls, logger } = this.#options;
    if (calls.size > 0) logger.warn({ cause, calls: calls.size }, 'gateway ending the calls left');
    const reason: CallEndReason = { code: 'gateway_draining', cause };
    calls.hangUpAll(reason);
  }
}

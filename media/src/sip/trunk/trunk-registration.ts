import type { ServiceLogger } from '../core/sip-logger.ts';
import { maxRegistrationS, refreshDelayMs, retryDelayMs } from './registration-terms.ts';

/** How one REGISTER ended, as register-request.ts reads the registrar's answer. */
export type RegisterOutcome =
  /** 2xx: our contact is bound for `grantedS` seconds. */
  | { kind: 'accepted'; grantedS: number }
  /** 423 Interval Too Brief: ask again for at least `minExpiresS`. */
  | { kind: 'too_brief'; minExpiresS: number | undefined }
  /**
   * Refused for a reason only the administrator can fix: our credentials refused, none to
   * answer the challenge with, or the registration itself refused (403, an unknown user).
   */
  | { kind: 'refused'; refusal: RegistrationRefusal }
  /** No answer in time, a transport error, 5xx: the registrar may take us on a retry. */
  | { kind: 'failed'; status?: number; detail: string };

/** Why a registrar refused us, for the administrator's warn line (never the password). */
export interface RegistrationRefusal {
  sipStatus: number;
  cause: 'credentials_refused' | 'no_credentials' | 'rejected';
  realm?: string;
  username?: string;
}

const refusalAdvice: Record<RegistrationRefusal['cause'], string> = {
  credentials_refused:
    'check the username and password of the "default" entry in MEDIA_TRUNK_CREDENTIALS_FILE against the trunk on the PBX',
  no_credentials:
    'it has no credentials to answer with: add a "default" entry (for this realm) to MEDIA_TRUNK_CREDENTIALS_FILE',
  rejected: 'check MEDIA_TRUNK_REGISTER_USER and the trunk on the PBX',
};

/** What /readyz shows of one PBX address's registration (protocol/health.ts). */
export type RegistrationState =
  'registering' | 'registered' | 'refused' | 'failed' | 'unregistered';

export interface TrunkRegistrationOptions {
  /** Sends one REGISTER asking for `expiresS` (0: remove our binding) and reads the answer. */
  send(expiresS: number): Promise<RegisterOutcome>;
  /** The expiry we ask for (MEDIA_TRUNK_REGISTER_EXPIRES_S); a 423 raises it. */
  expiresS: number;
  /** The wait after a first failure, doubled per failure in a row up to `retryMaxMs`. */
  retryFirstMs: number;
  retryMaxMs: number;
  logger: ServiceLogger;
}

/**
 * The gateway's registration with one PBX address (RFC 3261 10.2), kept alive until stop().
 *
 *   registering --2xx--> registered --half the granted time--> (refresh) --2xx--> registered
 *      |   ^  --423--> registering again at once, asking for the Min-Expires
 *      |   |                         refresh fails: still registered till the granted time ends,
 *      |   |                         retried with backoff; the time ends first --> failed
 *      |--401/403/404...--> refused (warn: the administrator must act) --backoff--> registering
 *      |--no answer, 5xx, transport error--> failed (warn) --backoff--> registering
 *   stop(): while bound, REGISTER with Expires: 0 --> unregistered (and stays so)
 * Only `registered` makes the address usable for new calls (pbx-failover.ts): a PBX that
 * wants the gateway registered refuses or misroutes calls from a gateway it does not know.
 */
export class TrunkRegistration {
  readonly #options: TrunkRegistrationOptions;
  #state: RegistrationState = 'registering';
  #askS: number;
  /** When our binding at the registrar ends (ms since the epoch); 0: not bound. */
  #boundUntil = 0;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sending: Promise<void> | undefined;
  #stopped = false;
  #lastRefusal: RegistrationRefusal['cause'] | undefined;

  constructor(options: TrunkRegistrationOptions) {
    this.#options = options;
    this.#askS = Math.min(options.expiresS, maxRegistrationS);
  }

  /** Where it stands; a binding whose time ran out (its retry not yet settled) is `failed`. */
  get state(): RegistrationState {
    return this.#state === 'registered' && Date.now() >= this.#boundUntil ? 'failed' : this.#state;
  }

  /** Whether new calls may go to this address (see the diagram). */
  get registered(): boolean {
    return this.state === 'registered';
  }

  start(): void {
    this.#registerNow();
  }

  /** Stops refreshing and removes our binding (Expires: 0) if we hold one. Idempotent. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    // A 423's retry may follow the REGISTER in flight: wait for the last one.
    while (this.#sending) await this.#sending;
    const bound = this.#boundUntil > Date.now();
    this.#boundUntil = 0;
    this.#state = 'unregistered';
    if (!bound) return;
    const outcome = await this.#options
      .send(0)
      .catch((error: Error): RegisterOutcome => ({ kind: 'failed', detail: error.message }));
    const { logger } = this.#options;
    if (outcome.kind === 'accepted') {
      logger.info({}, 'unregistered from the PBX');
    } else {
      logger.warn({ outcome }, 'could not unregister from the PBX: the binding expires by itself');
    }
  }

  #registerNow(): void {
    if (this.#stopped) return;
    const sending = this.#options
      .send(this.#askS)
      .catch((error: Error): RegisterOutcome => ({ kind: 'failed', detail: error.message }))
      .then((outcome) => this.#settle(outcome));
    this.#sending = sending;
    void sending.finally(() => {
      if (this.#sending === sending) this.#sending = undefined;
    });
  }

  #settle(outcome: RegisterOutcome): void {
    const { logger } = this.#options;
    switch (outcome.kind) {
      case 'accepted': {
        this.#failures = 0;
        this.#boundUntil = Date.now() + outcome.grantedS * 1000;
        if (this.#state !== 'registered')
          logger.info({ expiresS: outcome.grantedS }, 'registered with the PBX');
        this.#state = 'registered';
        return this.#schedule(refreshDelayMs(outcome.grantedS));
      }
      case 'too_brief': {
        const min = outcome.minExpiresS;
        if (min !== undefined && min > this.#askS && min <= maxRegistrationS) {
          logger.info({ askedS: this.#askS, minExpiresS: min }, 'the PBX wants a longer expiry');
          this.#askS = min;
          return this.#registerNow();
        }
        return this.#failed({ kind: 'failed', status: 423, detail: `Min-Expires ${min}` });
      }
      case 'refused':
        this.#refused(outcome.refusal);
        return this.#retryLater();
      case 'failed':
        return this.#failed(outcome);
    }
  }

  /** One warn line per refusal that changes (not one per retry), then debug. */
  #refused(refusal: RegistrationRefusal): void {
    const again = this.#state === 'refused' && this.#lastRefusal === refusal.cause;
    const log = again ? this.#options.logger.debug : this.#options.logger.warn;
    log.call(
      this.#options.logger,
      { ...refusal },
      `the PBX refused the gateway's registration (${refusal.sipStatus}): ${refusalAdvice[refusal.cause]}. New calls avoid this address until it registers`,
    );
    this.#lastRefusal = refusal.cause;
    this.#boundUntil = 0;
    this.#state = 'refused';
  }

  #failed(outcome: Extract<RegisterOutcome, { kind: 'failed' }>): void {
    const stillBound = this.#boundUntil - Date.now();
    if (this.#state !== 'failed' && stillBound <= 0) {
      this.#options.logger.warn(
        { sipStatus: outcome.status, detail: outcome.detail },
        'registration with the PBX failed: new calls avoid this address until it succeeds',
      );
      this.#state = 'failed';
      this.#boundUntil = 0;
    }
    this.#retryLater(stillBound > 0 ? stillBound : undefined);
  }

  /** The next attempt after a failure; while still bound, no later than the binding's end. */
  #retryLater(boundForMs?: number): void {
    this.#failures += 1;
    const { retryFirstMs, retryMaxMs } = this.#options;
    const backoff = retryDelayMs(this.#failures, retryFirstMs, retryMaxMs);
    this.#schedule(boundForMs === undefined ? backoff : Math.min(backoff, boundForMs));
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    this.#timer = setTimeout(() => this.#registerNow(), delayMs);
    this.#timer.unref?.();
  }
}

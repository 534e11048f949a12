/**
 * RFC 4028 session timers for one dialog. Whoever is the refresher sends a re-INVITE (or
 * UPDATE) every half interval; the other side ends the session with a BYE when no refresh
 * arrived by the interval minus min(32 s, interval/3) (RFC 4028 10).
 *
 *   off --apply(terms)--> running --refresh done / refresh received: apply(terms)--> running
 *                           \--deadline (we refresh: refresh(); they refresh: expired())
 */

export interface SessionTimerTerms {
  expiresS: number;
  /** True when we send the refreshes. */
  weRefresh: boolean;
}

export interface SessionExpires {
  seconds: number;
  refresher: 'uac' | 'uas' | undefined;
}

/** The shortest interval we act on, whatever a PBX says: keeps a bad value from a refresh storm. */
const floorS = 2;
/** Bounded so a huge value cannot overflow setTimeout (about 24.8 days). */
const ceilingS = 86_400;

/** Parses `Session-Expires: 1800;refresher=uac` (or the compact `x`). */
export function parseSessionExpires(value: string | undefined): SessionExpires | undefined {
  if (!value) return undefined;
  const match = /^\s*(\d{1,10})\s*((?:;[^;]*)*)$/.exec(value);
  if (!match) return undefined;
  const seconds = Math.min(Math.max(Number(match[1]), floorS), ceilingS);
  const refresher = /;\s*refresher\s*=\s*(uac|uas)\b/i.exec(match[2] ?? '')?.[1]?.toLowerCase();
  return { seconds, refresher: refresher as 'uac' | 'uas' | undefined };
}

/** Parses `Min-SE: 120` from a 422. */
export function parseMinSe(value: string | undefined): number | undefined {
  const match = /^\s*(\d{1,10})\s*(?:;.*)?$/.exec(value ?? '');
  return match ? Math.min(Number(match[1]), ceilingS) : undefined;
}

/**
 * The terms a 2xx to our request (we are the UAC of that transaction) sets. No
 * Session-Expires in the 2xx: no session timer (RFC 4028 7.2).
 */
export function termsFromResponse(value: string | undefined): SessionTimerTerms | undefined {
  const expires = parseSessionExpires(value);
  if (!expires) return undefined;
  return { expiresS: expires.seconds, weRefresh: expires.refresher !== 'uas' };
}

/**
 * The terms for a refresh request the PBX sent (the PBX is the UAC of that transaction): we
 * let it keep refreshing unless it asked us to (refresher=uas).
 */
export function termsFromRequest(value: string | undefined): SessionTimerTerms | undefined {
  const expires = parseSessionExpires(value);
  if (!expires) return undefined;
  return { expiresS: expires.seconds, weRefresh: expires.refresher === 'uas' };
}

/** The Session-Expires value to put in our 2xx to the PBX's refresh request. */
export function sessionExpiresForAnswer(terms: SessionTimerTerms): string {
  return `${terms.expiresS};refresher=${terms.weRefresh ? 'uas' : 'uac'}`;
}

export interface SessionTimerCallbacks {
  /** Time for us to refresh. */
  refresh(): void;
  /** The PBX did not refresh in time: end the session. */
  expired(): void;
}

export class SessionTimer {
  readonly #callbacks: SessionTimerCallbacks;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #terms: SessionTimerTerms | undefined;

  constructor(callbacks: SessionTimerCallbacks) {
    this.#callbacks = callbacks;
  }

  get terms(): SessionTimerTerms | undefined {
    return this.#terms;
  }

  /** (Re)starts the clock with new terms; undefined turns the timer off. */
  apply(terms: SessionTimerTerms | undefined): void {
    this.stop();
    this.#terms = terms;
    if (!terms) return;
    const { expiresS, weRefresh } = terms;
    const delayS = weRefresh ? expiresS / 2 : expiresS - Math.min(32, expiresS / 3);
    this.#timer = setTimeout(
      () => (weRefresh ? this.#callbacks.refresh() : this.#callbacks.expired()),
      delayS * 1000,
    );
  }

  /** Restarts the clock with the current terms (a refresh happened). */
  restart(): void {
    this.apply(this.#terms);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

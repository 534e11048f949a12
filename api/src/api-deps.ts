import type { Logger } from 'pino';
import type { CallConcurrency } from './abuse/call-concurrency.ts';
import type { ExpiringCounter } from './abuse/expiring-counter.ts';
import type { RateLimiter } from './abuse/rate-limiter.ts';
import type { CaptchaVerifier } from './captcha/captcha-verifier.ts';
import type { ApiMetrics } from './ops/metrics.ts';
import type { SitesStore } from './sites/sites-store.ts';
import type { Repository } from './storage/repository.ts';
import type { KeyRingHolder } from './tokens/key-ring.ts';
import type { SessionVerifier } from './tokens/session-token.ts';
import type { TurnCredentialMinter } from './turn/turn-credentials.ts';

/** What the API's domain functions work with, passed explicitly (tests swap any of it). */
export interface ApiDeps {
  repo: Repository;
  sites: SitesStore;
  keys: KeyRingHolder;
  captcha: CaptchaVerifier;
  logger: Logger;
  metrics: ApiMetrics;
  rateLimiter: RateLimiter;
  concurrency: CallConcurrency;
  /** Call tokens issued per session. */
  sessionCalls: ExpiringCounter;
  verifySession: SessionVerifier;
  /** Mints visitors' TURN credentials; unset: no TURN secret configured. */
  turn: TurnCredentialMinter | undefined;
  now: () => Date;
}

/** Who is asking: facts from the HTTP request the domain functions need. */
export interface RequestFacts {
  ip: string | undefined;
  origin: string | undefined;
}

import type { Logger } from 'pino';
import type { CaptchaVerifier } from './captcha/captcha-verifier.ts';
import type { GatewayPlacement } from './gateways/gateway-placement.ts';
import type { ApiMetrics } from './ops/metrics.ts';
import type { SitesStore } from './sites/sites-store.ts';
import type { LiveCalls } from './supervisor/live/live-calls.ts';
import type { Repository } from './storage/repository.ts';
import type { KeyRingHolder } from './tokens/key-ring.ts';
import type { SessionVerifier } from './tokens/session-token.ts';
import type { TurnCredentialMinter } from './turn/turn-credentials.ts';

/** What the API's domain functions work with, passed explicitly (tests swap any of it). */
export interface ApiDeps {
  /** The database, abuse limits included (shared by every API instance on it). */
  repo: Repository;
  sites: SitesStore;
  keys: KeyRingHolder;
  captcha: CaptchaVerifier;
  logger: Logger;
  metrics: ApiMetrics;
  verifySession: SessionVerifier;
  /** Which gateway each call and connection test goes to (the announcing nodes, or the site's). */
  gateways: GatewayPlacement;
  /** Mints visitors' TURN credentials; unset: no TURN secret configured. */
  turn: TurnCredentialMinter | undefined;
  /** The calls open now, for supervisors' live views; told of each committed call event. */
  liveCalls: LiveCalls;
  now: () => Date;
}

/** Who is asking: facts from the HTTP request the domain functions need. */
export interface RequestFacts {
  ip: string | undefined;
  origin: string | undefined;
}

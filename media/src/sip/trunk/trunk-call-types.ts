import type { UserAgentCore } from 'sip.js/lib/core/index.js';
import type { ServiceLogger as TrunkLogger } from '../core/sip-logger.ts';
import type { TrunkTimers } from './trunk-options.ts';
import type { TrunkTransport } from './trunk-transport.ts';

export interface TrunkCallRequest {
  /** Our call id (uuid); also the SIP Call-ID, so both legs' logs line up. */
  callId: string;
  /** SIP URI of the queue, e.g. sip:queue-sales@127.0.0.1:5060. */
  target: string;
  /** From display name. */
  callerDisplayName: string;
  /** Extra headers (routing data) with their final names; validated again here. */
  headers: Record<string, string>;
  /** Plain RTP offer from the media engine. */
  sdpOffer: string;
  /** The call's site (its token's `sub`): whose trunk credentials answer a challenge. */
  site?: string;
}

export interface TrunkCall {
  /** CANCEL while ringing (after a provisional), BYE once answered; idempotent. */
  hangUp(): void;
}

/** What a call needs from the client that placed it. */
export interface CallContext {
  core: UserAgentCore;
  transport: TrunkTransport;
  timers: TrunkTimers;
  logger: TrunkLogger;
  localUser: string;
  trunkHealthy(): boolean;
  /** Why calls fail fast while the trunk is unhealthy (a refused TLS certificate, no answer). */
  unhealthyReason(): Error;
  /** A response came (true), or the INVITE went unanswered (false). */
  reachable(ok: boolean): void;
  finished(call: { readonly callId: string }): void;
}

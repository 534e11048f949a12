import type { ServiceLogger as TrunkLogger } from '../core/sip-logger.ts';
import type { TrunkAddress } from './trunk-transport.ts';

export interface TrunkTimers {
  /** No response at all to the INVITE within this: the trunk counts as unreachable. */
  inviteTimeoutMs: number;
  /** No final answer within this after the INVITE: CANCEL, the call ends with `timeout`. */
  ringTimeoutMs: number;
  /** Session interval we ask for (RFC 4028 Session-Expires). */
  sessionExpiresS: number;
  /** The smallest session interval we accept from the PBX (RFC 4028 Min-SE, at least 90). */
  minSessionExpiresS: number;
  /** How often the trunk is pinged with OPTIONS. */
  optionsIntervalMs: number;
  /** An OPTIONS unanswered for this long marks the trunk unhealthy. */
  optionsTimeoutMs: number;
}

export const defaultTrunkTimers: TrunkTimers = {
  inviteTimeoutMs: 3_000,
  ringTimeoutMs: 60_000,
  sessionExpiresS: 1_800,
  minSessionExpiresS: 90,
  optionsIntervalMs: 15_000,
  optionsTimeoutMs: 2_000,
};

export interface TrunkClientOptions {
  /** The PBX/SBC every call goes to (an outbound proxy: the Request-URI is the queue). */
  trunk: TrunkAddress;
  /** Local IP the SIP socket binds to; also announced in Via and Contact. */
  bindIp: string;
  /** User part of our From and Contact URIs. Default `gateway`. */
  localUser?: string;
  timers?: Partial<TrunkTimers>;
  /** User-Agent header value. */
  userAgent?: string;
  logger: TrunkLogger;
}

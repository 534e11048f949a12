import type { TrunkCredentials } from '../../../../protocol/config/trunk-credentials.ts';
import type { ServiceLogger as TrunkLogger } from '../core/sip-logger.ts';
import type { ReferTo } from './refer-to.ts';
import type { TrunkAddress, TrunkTlsSettings } from './trunk-transport.ts';

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
  /** With `trunk.transport` tls: the CA and name the PBX's certificate is checked against. */
  tls?: TrunkTlsSettings;
  /** User part of our From and Contact URIs. Default `gateway`. */
  localUser?: string;
  timers?: Partial<TrunkTimers>;
  /** A REFER outside any dialog was refused (403): a toll-fraud alert (dial-target-guard.ts). */
  onReferOutsideDialog?(referTo: ReferTo): void;
  /** User-Agent header value. */
  userAgent?: string;
  /** Digest credentials per site for the PBX's 401/407 challenges (trunk-credentials.ts). */
  credentials?: TrunkCredentials;
  /** Register with the PBX as a trunk user (trunk-registration.ts); unset: never REGISTER. */
  registration?: TrunkRegistrationSettings;
  logger: TrunkLogger;
}

/** The gateway's registration with each PBX address (MEDIA_TRUNK_REGISTER_*). */
export interface TrunkRegistrationSettings {
  /** User part of the address of record. Default: the client's localUser. */
  user?: string;
  /** Domain of the address of record and the Request-URI. Default: the PBX address's host. */
  domain?: string;
  /** The expiry asked for; the registrar's answer (Contact expires, 423 Min-Expires) rules. */
  expiresS: number;
  /** No final answer to a REGISTER within this: that attempt failed. Default 5 s. */
  timeoutMs?: number;
  /** The wait after a failed attempt, doubled per failure in a row. Default 5 s. */
  retryFirstMs?: number;
  /** The longest wait between attempts. Default 5 min. */
  retryMaxMs?: number;
}

import { Counter, type Registry } from 'prom-client';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import { MediaTokenError } from '../../../protocol/media-token-verification.ts';
import type { DialTargetAllowList } from '../node/dial-target-allow-list.ts';
import type { ServiceLogger } from '../sip/core/sip-logger.ts';
import type { ReferTo, ReferToProblem } from '../sip/trunk/refer-to.ts';

export interface DialTargetGuardOptions {
  allowList: Pick<DialTargetAllowList, 'check'>;
  logger: ServiceLogger;
  metrics: Registry;
}

/**
 * The host of a sip:/sips: URI, without its user part (a phone number is personal data) and
 * without port or parameters: what an alert may name. Anything that is not a host name or an
 * address (`sip:+19005550100`, a number where the host goes) reads `unreadable`.
 */
export function sipUriHost(uri: string): string {
  // After the last '@' before any headers: a user part with an unescaped '@' stays out too.
  const address = uri.replace(/^sips?:/i, '').split('?')[0]!;
  const hostPort = address.slice(address.lastIndexOf('@') + 1);
  const host = /^(\[[^\]]*\]|[^:;]*)/.exec(hostPort)?.[1] ?? '';
  const isHost =
    /^\[[0-9a-f:.]+\]$/i.test(host) ||
    /^(\d{1,3}\.){3}\d{1,3}$/.test(host) ||
    /^(?=.*[a-z])[a-z0-9.-]+$/i.test(host);
  return isHost ? host.toLowerCase() : 'unreadable';
}

/** Why a REFER from the PBX was refused as a possible toll fraud. */
export type TransferRefusalCause =
  | ReferToProblem
  /** A REFER in an early dialog: the call was not answered. */
  | 'not_answered'
  /** A REFER outside any dialog: no call of ours to transfer. */
  | 'outside_dialog'
  /** A SIP URI the call's site does not allow (`sip:+1900...@pbx`). */
  | 'target_not_allowed';

/** A REFER to decide on: the call's verified claims (none outside a dialog) and its target. */
export interface TransferCheck {
  claims: CallTokenClaims | undefined;
  referTo: ReferTo;
  answered: boolean;
}

export interface DialTargetGuard {
  /** Resolves when the token's target is allowed; rejects with the refusing token code. */
  checkDialTarget(claims: CallTokenClaims): Promise<void>;
  /**
   * A blind transfer (REFER) is dialled only toward a target the call's site allows, the
   * same list and string comparison as for tokens: true to dial `referTo.uri`. False is a
   * refusal, logged and counted as a toll-fraud alert unless our side could not check.
   */
  checkTransfer(check: TransferCheck): Promise<boolean>;
}

/**
 * The toll-fraud guard: before any media opens or INVITE leaves, a call's verified token must
 * name a target the API allows for its site (`sub`). A signed token naming another target
 * means, short of a queue removed in the two minutes a token lives, that someone else signs
 * call tokens (the API's key or the API in other hands): the call is refused
 * (`token_target_not_allowed`, 403 `unauthorized`, call-end-reason.ts), counted and logged as
 * an alert. With no list from the API yet, every call is refused (`token_target_unverified`).
 */
export function dialTargetGuard(options: DialTargetGuardOptions): DialTargetGuard {
  const { allowList, logger } = options;
  const alerts = new Counter({
    name: 'media_toll_fraud_alerts_total',
    help: 'Calls refused, and transfers (REFER) refused, because they named a dial target their site does not allow',
    registers: [options.metrics],
  });
  const refuseTransfer = (check: TransferCheck, cause: TransferRefusalCause) => {
    alerts.inc();
    const { uri } = check.referTo;
    logger.error(
      {
        alert: 'toll_fraud',
        site: check.claims?.sub,
        callId: check.claims?.callId,
        // The host of a SIP target; of any other (tel:, http:), its scheme alone.
        targetHost: uri !== undefined && /^sips?:/i.test(uri) ? sipUriHost(uri) : undefined,
        targetScheme: /^([a-z][a-z0-9+.-]{0,15}):/i.exec(uri ?? '')?.[1]?.toLowerCase(),
        cause,
      },
      'toll-fraud alert: a REFER from the PBX names a transfer the call may not make; refused, nothing dialled',
    );
    return false;
  };
  const checkTransfer = async (check: TransferCheck): Promise<boolean> => {
    const { claims, referTo } = check;
    if (!claims) return refuseTransfer(check, 'outside_dialog');
    if (!check.answered) return refuseTransfer(check, 'not_answered');
    if (!referTo.ok) return refuseTransfer(check, referTo.problem);
    const verdict = await allowList.check(claims.sub, referTo.uri);
    if (verdict === 'allowed') return true;
    if (verdict === 'unknown') {
      // Our side cannot check (no list from the API): refused, but no sign of fraud.
      logger.warn(
        { site: claims.sub, callId: claims.callId, targetHost: sipUriHost(referTo.uri) },
        'transfer refused: the gateway holds no dial targets from the API yet',
      );
      return false;
    }
    return refuseTransfer(check, 'target_not_allowed');
  };
  const checkDialTarget = async (claims: CallTokenClaims): Promise<void> => {
    const verdict = await allowList.check(claims.sub, claims.queue.uri);
    if (verdict === 'allowed') return;
    if (verdict === 'unknown') {
      throw new MediaTokenError(
        'token_target_unverified',
        'the gateway holds no dial targets from the API yet',
      );
    }
    alerts.inc();
    logger.error(
      {
        alert: 'toll_fraud',
        site: claims.sub,
        callId: claims.callId,
        targetHost: sipUriHost(claims.queue.uri),
      },
      'toll-fraud alert: a call token names a dial target its site does not allow; refused before any INVITE',
    );
    throw new MediaTokenError(
      'token_target_not_allowed',
      'the call token names a dial target its site does not allow',
    );
  };
  return { checkDialTarget, checkTransfer };
}

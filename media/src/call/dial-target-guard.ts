import { Counter, type Registry } from 'prom-client';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import { MediaTokenError } from '../../../protocol/media-token-verification.ts';
import type { DialTargetAllowList } from '../node/dial-target-allow-list.ts';
import type { ServiceLogger } from '../sip/core/sip-logger.ts';

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

/**
 * The toll-fraud guard: before any media opens or INVITE leaves, a call's verified token must
 * name a target the API allows for its site (`sub`). A signed token naming another target
 * means, short of a queue removed in the two minutes a token lives, that someone else signs
 * call tokens (the API's key or the API in other hands): the call is refused
 * (`token_target_not_allowed`, 403 `unauthorized`, call-end-reason.ts), counted and logged as
 * an alert. With no list from the API yet, every call is refused (`token_target_unverified`).
 */
export function dialTargetGuard(options: DialTargetGuardOptions) {
  const { allowList, logger } = options;
  const alerts = new Counter({
    name: 'media_toll_fraud_alerts_total',
    help: 'Calls refused because their token named a dial target their site does not allow',
    registers: [options.metrics],
  });
  return async function checkDialTarget(claims: CallTokenClaims): Promise<void> {
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
}

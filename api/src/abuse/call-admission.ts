import { addressBlock } from '../../../protocol/client-address/address-block.ts';
import type { CallEventType } from '../../../protocol/api/call-event.ts';
import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import { ApiError, RateLimitedError } from '../errors.ts';
import type { CallHold, LimitStore } from './limit-store.ts';

// A call media reported but never ended (a lost `ended` event) stops counting after this.
const activeCallCeilingMs = 4 * 3600_000;

/** A hold and what the visitor is told when its key is full. */
interface RefusingHold extends CallHold {
  refusal: () => ApiError;
}

export interface CallRequestFacts {
  callId: string;
  siteId: string;
  ip: string | undefined;
  sessionId: string;
  sessionExpiresAt: Date;
  tokenExpiresAt: Date;
}

const busy = (what: string) => () =>
  new RateLimitedError(`Too many calls in progress ${what}; try again later`, 30);

/**
 * The call takes its place under the site's limits, or the visitor is told which one is
 * full; a refused call takes nothing. It counts from here, in every API instance: calls in
 * progress per site and per address until its token expires unused or media reports it
 * ended, and one of the session's calls until the session expires.
 */
export async function admitCall(
  limitStore: LimitStore,
  call: CallRequestFacts,
  limits: SiteConfig['limits'],
  now: Date,
): Promise<void> {
  const site = `site:${call.siteId}`;
  const ip = `ip:${addressBlock(call.ip)}`;
  const holds: RefusingHold[] = [
    {
      key: site,
      limit: limits.concurrentCallsPerSite,
      until: call.tokenExpiresAt,
      followsCall: true,
      refusal: busy('for this site'),
    },
    {
      key: ip,
      limit: limits.concurrentCallsPerIp,
      until: call.tokenExpiresAt,
      followsCall: true,
      refusal: busy('from this address'),
    },
    {
      key: `session:${call.sessionId}`,
      limit: limits.callsPerSession,
      until: call.sessionExpiresAt,
      followsCall: false,
      refusal: () =>
        new ApiError(
          'session_exhausted',
          403,
          'This session may not start more calls; start again',
        ),
    },
  ];
  const decision = await limitStore.admitCall(
    call.callId,
    holds,
    [
      { key: `call:${site}`, perMinute: limits.callsPerSitePerMinute, label: 'calls per site' },
      { key: `call:${ip}`, perMinute: limits.callsPerIpPerMinute, label: 'calls per address' },
    ],
    now,
  );
  if (decision.admitted) return;
  if ('fullHold' in decision) throw decision.fullHold.refusal();
  throw new RateLimitedError(
    `Too many ${decision.refusedRate.label}; try again later`,
    decision.retryAfterS,
  );
}

/** The call was not granted after all (its token failed): it counts against nothing. */
export function releaseUngrantedCall(limitStore: LimitStore, callId: string): Promise<void> {
  return limitStore.releaseCall(callId, 'all');
}

/**
 * Media reported the call: it counts until it ends, or the ceiling. Harmless to repeat and
 * in any order: an `ended` frees the call's places and nothing brings them back.
 */
export function followCallEvent(
  limitStore: LimitStore,
  callId: string,
  type: CallEventType,
  now: Date,
): Promise<void> {
  if (type === 'ended') return limitStore.releaseCall(callId, 'following');
  return limitStore.extendCall(callId, new Date(now.getTime() + activeCallCeilingMs));
}

import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import type { TrunkCallRequest } from '../sip/trunk/trunk-client.ts';
import { connectionTestHeaderValue } from './connection-test-header.ts';

/** SIP header names the routing data travels in toward the PBX (MEDIA_*_HEADER). */
export interface RoutingHeaderNames {
  intent: string;
  language: string;
  country: string;
  callId: string;
  /** The visitor's connection test, when one ran (connection-test-header.ts). */
  connection: string;
}

/**
 * The INVITE toward the PBX for a visitor's call, from the verified token's claims only: to
 * the token's queue with its queue's headers, or to a transfer's target (an allowed queue of
 * the same site) without them (they were the first queue's); the routing headers (and the
 * connection test's, when one ran) always, so the queue a call is transferred to knows the
 * visitor as well.
 */
export function trunkCallRequest(
  claims: CallTokenClaims,
  routingHeaders: RoutingHeaderNames,
  call: {
    target: string;
    sdpOffer: string;
    sipCallId: string;
    queueHeaders: boolean;
    /** A transfer's referrer (the REFER's Referred-By, RFC 3892), passed on as it came. */
    referredBy?: string | undefined;
  },
): TrunkCallRequest {
  return {
    callId: call.sipCallId,
    target: call.target,
    callerDisplayName: `Web caller (${claims.routing.language}, ${claims.routing.country})`,
    headers: {
      ...(call.queueHeaders ? claims.headers : {}),
      [routingHeaders.intent]: claims.routing.intent,
      [routingHeaders.language]: claims.routing.language,
      [routingHeaders.country]: claims.routing.country,
      [routingHeaders.callId]: claims.callId,
      ...(claims.connectionTest
        ? { [routingHeaders.connection]: connectionTestHeaderValue(claims.connectionTest) }
        : {}),
      ...(call.referredBy ? { 'Referred-By': call.referredBy } : {}),
    },
    sdpOffer: call.sdpOffer,
    // Whose trunk credentials answer the PBX's challenges, on a transfer's leg too.
    site: claims.sub,
  };
}

import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import type { NewCall } from './repository.ts';

/**
 * The call record a `created` event makes: everything comes from the claims of the call token
 * media accepted, which the API itself signed when it granted the call, but the boot id of
 * the gateway process carrying it, which the event adds.
 */
export function callFromClaims(claims: CallTokenClaims, bootId?: string): NewCall {
  return {
    id: claims.callId,
    siteId: claims.sub,
    sessionId: claims.sid,
    queue: claims.queue.name,
    queueDisplayName: claims.queue.displayName,
    routing: claims.routing,
    createdAt: new Date(claims.iat * 1000),
    tokenExpiresAt: new Date(claims.exp * 1000),
    ...(claims.connectionTest ? { connectionTest: claims.connectionTest } : {}),
    ...(claims.node ? { gatewayNode: claims.node } : {}),
    ...(bootId ? { gatewayBootId: bootId } : {}),
    ...(claims.consent ? { consent: claims.consent } : {}),
  };
}

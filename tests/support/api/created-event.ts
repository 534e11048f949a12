// The `created` event media sends for a call, built from a call record, for storage tests
// that need calls: the claims are what the API would have signed for that record, and the
// boot id the gateway process that took it adds.
import { randomUUID } from 'node:crypto';
import type { CallEvent } from '../../../protocol/api/call-event.ts';
import { callTokenAudience, callTokenIssuer } from '../../../protocol/call-token.ts';
import type { NewCall } from '../../../api/src/storage/repository.ts';

export function createdEvent(call: NewCall, at = call.createdAt): CallEvent {
  const iat = Math.floor(call.createdAt.getTime() / 1000);
  return {
    eventId: randomUUID(),
    callId: call.id,
    at: at.toISOString(),
    type: 'created',
    claims: {
      iss: callTokenIssuer,
      aud: callTokenAudience,
      sub: call.siteId,
      jti: randomUUID(),
      iat,
      exp: Math.floor(call.tokenExpiresAt.getTime() / 1000),
      callId: call.id,
      sid: call.sessionId,
      queue: {
        name: call.queue,
        uri: `sip:${call.queue}@pbx.example`,
        displayName: call.queueDisplayName,
      },
      routing: call.routing,
      headers: {},
      ...(call.connectionTest ? { connectionTest: call.connectionTest } : {}),
      ...(call.gatewayNode ? { node: call.gatewayNode } : {}),
    },
    ...(call.gatewayBootId ? { bootId: call.gatewayBootId } : {}),
  };
}

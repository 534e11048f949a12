import { requestCallGrant } from '../../tests/support/caller/api-call-grant.ts';
import type { WebCallOptions } from '../../tests/support/caller/web-caller.ts';

/**
 * Where the bench's callers send their SIP. The gateway wants a call token from the API for
 * each call; the reference peer (a SIP proxy) wants none, and routes by the Request-URI.
 */
export type SignallingTarget =
  | { kind: 'gateway'; apiUrl: string; gatewayUrl: string }
  | { kind: 'peer'; url: string; queueUri: (intent: string) => string };

/** What one call needs before its INVITE leaves. */
export interface PreparedCall {
  url: string;
  token: string | undefined;
  /** The peer's addressing: the queue's URI, and Via saying WS (kamailio replies by it). */
  invite: WebCallOptions['invite'];
  /**
   * The Call-ID the call carries toward the PBX: the API's call id for the gateway (a B2BUA);
   * undefined when it keeps the caller's own (a proxy).
   */
  pbxCallId: string | undefined;
}

export async function prepareCall(target: SignallingTarget, intent: string): Promise<PreparedCall> {
  if (target.kind === 'peer')
    return {
      url: target.url,
      token: undefined,
      invite: { requestUri: target.queueUri(intent), viaTransport: 'WS' },
      pbxCallId: undefined,
    };
  const grant = await requestCallGrant({
    apiUrl: target.apiUrl,
    routing: { intent, language: 'en', country: 'US' },
  });
  return {
    url: target.gatewayUrl,
    token: grant.callToken,
    invite: undefined,
    pbxCallId: grant.callId,
  };
}

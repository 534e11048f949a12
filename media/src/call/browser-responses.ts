import type { CallEndCode, CallEndReason } from '../../../protocol/call-end-reason.ts';

/** The status a browser's INVITE is refused with, per reason (the PBX's own status wins). */
const statusFor: Record<CallEndCode, number> = {
  visitor_hung_up: 487,
  agent_hung_up: 480,
  no_agent: 480,
  busy: 486,
  declined: 603,
  timeout: 408,
  trunk_unreachable: 503,
  trunk_error: 502,
  media_failed: 500,
  unauthorized: 403,
  incompatible: 488,
  gateway_error: 500,
};

export function browserStatusFor(reason: CallEndReason): number {
  const status = reason.sipStatus;
  return status !== undefined && status >= 400 ? status : statusFor[reason.code];
}

/**
 * RFC 3326 Reason header carrying our end code as its text, so the widget can show the
 * visitor's sentence for it whatever status the PBX used.
 */
export function reasonHeader(reason: CallEndReason): string {
  return `Reason: SIP;cause=${browserStatusFor(reason)};text="${reason.code}"`;
}

/** An RFC 8898 bearer token from an Authorization header value, if there is one. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,4096})\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

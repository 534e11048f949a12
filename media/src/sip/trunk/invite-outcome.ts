import type { IncomingResponseMessage } from 'sip.js/lib/core/index.js';
import { callEndCodeForSipStatus } from '../../../../protocol/call-end-reason.ts';
import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';
import { parseMinSe } from './session-timer.ts';

/** What a final non-2xx answer to our INVITE means: try again with a longer session, or end. */
export type InviteOutcome = { retryWithSessionExpiresS: number } | { end: CallEndReason };

/** How many INVITEs one call may send (the first plus 422 retries). */
export const maxInviteAttempts = 3;

/**
 * sip.js turns a transport failure into a 503 of its own, without a single header: that is
 * the trunk being unreachable, not the PBX answering 503. A 422 (RFC 4028) is retried with the
 * Min-SE it asks for, a bounded number of times.
 */
export function inviteOutcome(
  message: Pick<IncomingResponseMessage, 'statusCode' | 'reasonPhrase' | 'callId' | 'getHeader'>,
  attempt: number,
  sessionExpiresS: number,
): InviteOutcome {
  const status = message.statusCode ?? 500;
  if (!message.callId) {
    return {
      end: {
        code: 'trunk_unreachable',
        cause: 'transport_error',
        detail: 'transport error sending INVITE',
      },
    };
  }
  if (status === 422 && attempt < maxInviteAttempts) {
    const minSe = parseMinSe(message.getHeader('min-se'));
    if (minSe && minSe > sessionExpiresS) return { retryWithSessionExpiresS: minSe };
  }
  const detail = `${status} ${message.reasonPhrase ?? ''}`.trim().slice(0, 200);
  const code = callEndCodeForSipStatus(status);
  return { end: { code, sipStatus: status, cause: `sip_${status}`, detail } };
}

import { z } from 'zod';

/**
 * Why a call ended, as the widget shows it and the call record keeps it. Each code maps to a
 * sentence in the visitor's language and, for failures, to a way forward (fallback number,
 * callback). SIP statuses are kept apart in `sipStatus` for supervisors and metrics.
 */
export const CallEndCodeSchema = z.enum([
  /** The visitor hung up (before or after the answer). */
  'visitor_hung_up',
  /** The agent (or the PBX on their behalf) ended the call. */
  'agent_hung_up',
  /** Nobody staffs the queue now (SIP 404, 480). */
  'no_agent',
  /** Every agent is busy and the queue refuses more calls (486, 600). */
  'busy',
  /** The contact center declined the call (603, 403). */
  'declined',
  /** Nobody answered in time (408, our INVITE timeout). */
  'timeout',
  /** The contact center cannot be reached at all (no route, no answer to SIP, 503). */
  'trunk_unreachable',
  /** The contact center answered with an error we did not expect. */
  'trunk_error',
  /** Audio stopped: ICE or DTLS failed, or no audio for too long. */
  'media_failed',
  /** The call token was missing, invalid, expired or already used. */
  'unauthorized',
  /** The browser and the trunk share no codec, or the browser's SDP was unusable. */
  'incompatible',
  /** The gateway failed; the call could not go on. */
  'gateway_error',
]);
export type CallEndCode = z.infer<typeof CallEndCodeSchema>;

export const CallEndReasonSchema = z.strictObject({
  code: CallEndCodeSchema,
  /** The SIP status that ended the call, when one did. */
  sipStatus: z.number().int().min(100).max(699).optional(),
  /** A short technical reason for logs and supervisors (never shown raw to the visitor). */
  detail: z.string().max(200).optional(),
});
export type CallEndReason = z.infer<typeof CallEndReasonSchema>;

/** How a final SIP failure from the PBX reads for the visitor. */
export function callEndCodeForSipStatus(status: number): CallEndCode {
  if (status === 404 || status === 480 || status === 410) return 'no_agent';
  if (status === 486 || status === 600) return 'busy';
  if (status === 603 || status === 403) return 'declined';
  if (status === 408 || status === 487) return 'timeout';
  if (status === 503 || status === 502 || status === 504) return 'trunk_unreachable';
  if (status === 488 || status === 415 || status === 606) return 'incompatible';
  return 'trunk_error';
}

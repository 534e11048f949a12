import type { CallRecord } from '../storage/repository.ts';

/**
 * A call the visitor ended before an agent answered: its record ended with the visitor's
 * hang-up (media's `ended` event, reason `visitor_hung_up`) and has no answer. A call that
 * failed on the contact center's side (busy, no agent, timeout) or whose connection dropped
 * was not abandoned: the visitor did not choose to leave it.
 */
export function isAbandonedCall(
  call: Pick<CallRecord, 'status' | 'answeredAt' | 'endReason'>,
): boolean {
  return call.status === 'ended' && !call.answeredAt && call.endReason === 'visitor_hung_up';
}

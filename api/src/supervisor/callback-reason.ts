import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import type { CallbackReviewRow } from '../storage/sql-callback-review.ts';
import { isAbandonedCall } from '../calls/abandoned-call.ts';
import { isOpen } from '../sites/business-hours.ts';
import { clockDuration } from './call-timing.ts';

/**
 * Why a visitor asked to be called back, read from what is stored: what the request says of
 * itself when the rest cannot tell, else what its call, that call's rating and the queue's
 * hours say:
 * - `long_wait`: the request says it came from "call me back instead", offered under a long
 *   expected wait (on Start, or while its call rang: that call, hung up for it, is no
 *   abandoned call), with the offered slot chosen.
 * - `rating`: its linked call has a rating. The widget links a request to its call only from
 *   the offer that follows a low rating; the stars show how low.
 * - `cut_off`: its linked call ended for another reason than someone hanging up (the agent's
 *   side vanished, the media failed, the call never got through).
 * - `closed`: no linked call, and the widget showed its Closed screen: the visitor's choices
 *   had no queue (the request was stored without one), or the queue's business hours, as
 *   the sites file has them now, were closed when the request came.
 * - `abandoned`: its linked call was ended by the visitor before an answer
 *   (calls/abandoned-call.ts): they left the number in the offer that follows.
 * - `other`: asked for from the call or an error screen while the queue was open.
 */
export type CallbackReason =
  | { kind: 'long_wait' }
  | { kind: 'rating'; stars: number }
  | { kind: 'cut_off'; endReason: string; answered: boolean }
  | { kind: 'closed'; why: 'no_route' | 'hours' }
  | { kind: 'abandoned'; waitS?: number }
  | { kind: 'other'; endReason?: string };

const peopleHangingUp: ReadonlySet<string> = new Set(['visitor_hung_up', 'agent_hung_up']);

export function callbackReason(
  row: CallbackReviewRow,
  site: SiteConfig | undefined,
): CallbackReason {
  if (row.origin === 'long_wait') return { kind: 'long_wait' };
  if (row.rating) return { kind: 'rating', stars: row.rating.stars };
  const { call } = row;
  // Any date stands for the answer: only whether there was one matters.
  if (call && isAbandonedCall({ ...call, answeredAt: call.answered ? row.createdAt : undefined }))
    return { kind: 'abandoned', ...(call.waitS !== undefined && { waitS: call.waitS }) };
  if (call?.endReason && !peopleHangingUp.has(call.endReason))
    return { kind: 'cut_off', endReason: call.endReason, answered: call.answered };
  if (call) return { kind: 'other', endReason: call.endReason };
  if (row.queue === null) return { kind: 'closed', why: 'no_route' };
  const queue = site && Object.hasOwn(site.queues, row.queue) ? site.queues[row.queue] : undefined;
  if (queue && !isOpen(queue.hours, row.createdAt)) return { kind: 'closed', why: 'hours' };
  return { kind: 'other' };
}

const spaced = (code: string) => code.replaceAll('_', ' ');

/** The reason in a few words, for the page. */
export function reasonText(reason: CallbackReason): string {
  switch (reason.kind) {
    case 'long_wait':
      return 'Instead of a long wait (slot chosen)';
    case 'rating':
      return `After a ${reason.stars}-star rating`;
    case 'cut_off':
      return reason.answered
        ? `After a call cut off (${spaced(reason.endReason)})`
        : `After a call that did not get through (${spaced(reason.endReason)})`;
    case 'closed':
      return reason.why === 'hours'
        ? 'After the Closed screen (outside business hours)'
        : 'After the Closed screen (no queue for these choices)';
    case 'abandoned':
      return reason.waitS === undefined
        ? 'Hung up while waiting'
        : `Hung up while waiting, after ${clockDuration(reason.waitS)}`;
    case 'other':
      return reason.endReason ? `Other (after a call: ${spaced(reason.endReason)})` : 'Other';
  }
}

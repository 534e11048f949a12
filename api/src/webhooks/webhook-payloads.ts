import type {
  CallAbandonedData,
  CallEndedData,
  CallbackRequestedData,
  RatingSubmittedData,
  WebhookBody,
} from '../../../protocol/api/webhook-events.ts';
import type { CallbackRequestRow, CallRecord } from '../storage/repository.ts';

// The bodies of the events the outbox keeps, made from the records in the transaction that
// stores them: what was true when it happened. Only the fields in protocol/api/webhook-events.ts,
// which leaves out every personal field of the records but a callback's number.

const seconds = (from: Date, to: Date) => Math.max(0, to.getTime() - from.getTime()) / 1000;

/** Which call, where it went, how long the visitor waited: the part every call event shares. */
function callFacts(call: CallRecord, endedAt: Date) {
  return {
    callId: call.id,
    siteId: call.siteId,
    queue: call.queue,
    queueDisplayName: call.queueDisplayName,
    intent: call.routing.intent,
    language: call.routing.language,
    country: call.routing.country,
    startedAt: call.createdAt.toISOString(),
    endedAt: endedAt.toISOString(),
    waitS: seconds(call.createdAt, call.answeredAt ?? endedAt),
  };
}

/** call.ended, from an ended call's record. */
export function callEndedBody(call: CallRecord & { endedAt: Date }): WebhookBody {
  const data: CallEndedData = {
    ...callFacts(call, call.endedAt),
    answered: call.answeredAt !== undefined,
    ...(call.answeredAt ? { answeredAt: call.answeredAt.toISOString() } : {}),
    // The gateway's own measure when it reported one; an inferred end has none.
    talkS: call.answeredAt ? (call.durationS ?? seconds(call.answeredAt, call.endedAt)) : 0,
    endReason: call.endReason as CallEndedData['endReason'],
    ...(call.endInferred ? { endInferred: call.endInferred } : {}),
    ...(call.sipStatus !== undefined ? { sipStatus: call.sipStatus } : {}),
    ...(call.connectionTest ? { connectionTest: call.connectionTest } : {}),
    ...(call.quality ? { quality: call.quality } : {}),
  };
  return { type: 'call.ended', timestamp: data.endedAt, data };
}

/** call.abandoned, from the record of a call the visitor left before the answer. */
export function callAbandonedBody(call: CallRecord & { endedAt: Date }): WebhookBody {
  const data: CallAbandonedData = {
    ...callFacts(call, call.endedAt),
    rang: call.ringingAt !== undefined,
    ...(call.connectionTest ? { connectionTest: call.connectionTest } : {}),
  };
  return { type: 'call.abandoned', timestamp: data.endedAt, data };
}

export interface SubmittedRating {
  id: string;
  callId: string;
  stars: number;
  comment: string;
  createdAt: Date;
}

/** rating.submitted, from the rating and its call's record. */
export function ratingSubmittedBody(rating: SubmittedRating, call: CallRecord): WebhookBody {
  const data: RatingSubmittedData = {
    ratingId: rating.id,
    callId: rating.callId,
    siteId: call.siteId,
    queue: call.queue,
    queueDisplayName: call.queueDisplayName,
    intent: call.routing.intent,
    language: call.routing.language,
    country: call.routing.country,
    stars: rating.stars,
    hasComment: rating.comment.trim() !== '',
    submittedAt: rating.createdAt.toISOString(),
  };
  return { type: 'rating.submitted', timestamp: data.submittedAt, data };
}

/** callback.requested, from the stored request (its number still there: it was just given). */
export function callbackRequestedBody(
  request: CallbackRequestRow & { phone: string },
): WebhookBody {
  const data: CallbackRequestedData = {
    callbackId: request.id,
    siteId: request.siteId,
    phone: request.phone,
    queue: request.queue,
    intent: request.routing.intent,
    language: request.routing.language,
    country: request.routing.country,
    ...(request.windowFrom ? { windowFrom: request.windowFrom.toISOString() } : {}),
    ...(request.windowTo ? { windowTo: request.windowTo.toISOString() } : {}),
    ...(request.callId ? { callId: request.callId } : {}),
    requestedAt: request.createdAt.toISOString(),
  };
  return { type: 'callback.requested', timestamp: data.requestedAt, data };
}

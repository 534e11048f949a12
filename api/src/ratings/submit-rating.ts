import { createHash, randomUUID } from 'node:crypto';
import type { Rating, RatingRequest } from '../../../protocol/api/rating.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { authorizeSession } from '../calls/authorize-session.ts';
import { ApiError, ConflictError, NotFoundError } from '../errors.ts';

// A visitor rates after the call, which may have outlasted the 15-minute session.
export const afterCallGraceS = 4 * 3600;

/** A stable fingerprint of what a request asked for, to tell a retry from a reused key. */
export const requestHash = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/** Once per call, only for a call that was answered, only by the visitor who made it. */
export async function submitRating(
  deps: ApiDeps,
  authorization: string | undefined,
  idempotencyKey: string,
  callId: string,
  request: RatingRequest,
  facts: RequestFacts,
): Promise<{ created: boolean; rating: Rating }> {
  const now = deps.now();
  const { session } = await authorizeSession(deps, authorization, facts, now, afterCallGraceS);
  const call = await deps.repo.getCall(callId);
  if (!call || call.siteId !== session.siteId || call.sessionId !== session.id) {
    throw new NotFoundError('call_not_found', 'No such call in this session');
  }
  if (!call.answeredAt)
    throw new ApiError('call_not_answered', 409, 'Only an answered call can be rated');
  const outcome = await deps.repo.insertRating({
    id: randomUUID(),
    siteId: session.siteId,
    callId,
    stars: request.stars,
    comment: request.comment,
    idempotencyKey,
    requestHash: requestHash({ callId, ...request }),
    createdAt: now,
  });
  if (outcome.kind === 'already_rated')
    throw new ConflictError('already_rated', 'This call has already been rated');
  if (outcome.kind === 'key_conflict') {
    throw new ConflictError(
      'idempotency_key_reused',
      'This Idempotency-Key was used for another request',
    );
  }
  if (outcome.kind === 'created')
    deps.metrics.ratings.inc({ site: session.siteId, stars: String(request.stars) });
  const { value } = outcome;
  return {
    created: outcome.kind === 'created',
    rating: {
      id: value.id,
      callId: value.callId,
      stars: value.stars,
      comment: value.comment,
      createdAt: value.createdAt.toISOString(),
    },
  };
}

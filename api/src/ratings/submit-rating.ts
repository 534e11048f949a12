import { createHash, randomUUID } from 'node:crypto';
import type { Rating, RatingRequest } from '../../../protocol/api/rating.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { authorizeSession } from '../calls/authorize-session.ts';
import { ApiError, ConflictError, NotFoundError } from '../errors.ts';
import type { SessionClaims } from '../tokens/session-token.ts';
import type { CallRecord, NewRating, StoredRating } from '../storage/repository.ts';

// A visitor rates after the call, which may have outlasted the 15-minute session.
export const afterCallGraceS = 4 * 3600;

/** A stable fingerprint of what a request asked for, to tell a retry from a reused key. */
export const requestHash = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/**
 * `created` and `replayed`: stored. `held`: the call's record does not say yet that it was
 * answered (media's reports of it are still being retried); stored once it does.
 */
export type RatingOutcome = 'created' | 'replayed' | 'held';

const noSuchCall = () => new NotFoundError('call_not_found', 'No such call in this session');
const keyReused = () =>
  new ConflictError('idempotency_key_reused', 'This Idempotency-Key was used for another request');
const alreadyRated = () => new ConflictError('already_rated', 'This call has already been rated');

const toRating = (value: StoredRating): Rating => ({
  id: value.id,
  callId: value.callId,
  stars: value.stars,
  comment: value.comment,
  createdAt: value.createdAt.toISOString(),
});

/**
 * Once per call, only for a call that was answered, only by the visitor who made it. The
 * visitor rates the moment the call is over, and media's reports of it may still be on their
 * way (retried while the API restarted or its database was down): a rating for a call the
 * record cannot decide yet is held, not refused, and the call's events settle it.
 */
export async function submitRating(
  deps: ApiDeps,
  authorization: string | undefined,
  idempotencyKey: string,
  callId: string,
  request: RatingRequest,
  facts: RequestFacts,
): Promise<{ outcome: RatingOutcome; rating: Rating }> {
  const now = deps.now();
  const { session, site } = await authorizeSession(
    deps,
    authorization,
    facts,
    now,
    afterCallGraceS,
  );
  const rating: NewRating = {
    id: randomUUID(),
    siteId: session.siteId,
    callId,
    stars: request.stars,
    comment: request.comment,
    idempotencyKey,
    requestHash: requestHash({ callId, ...request }),
    createdAt: now,
  };
  const decided = await rateOnRecord(deps, session, rating);
  if (decided) return decided;
  const held = await deps.repo.holdRating(
    { ...rating, sessionId: session.id },
    site.limits.callsPerSession,
  );
  switch (held.kind) {
    case 'held':
      deps.metrics.ratingsHeld.inc({ site: session.siteId });
      return { outcome: 'held', rating: toRating(held.value) };
    case 'replayed':
      return { outcome: 'held', rating: toRating(held.value) };
    case 'key_conflict':
      throw keyReused();
    case 'already_rated':
      throw alreadyRated();
    // Held for as many calls as the session may make: this one is none of them.
    case 'too_many':
      throw noSuchCall();
    case 'call_settled': {
      // An event landed meanwhile; the record decides now, and it never goes back.
      const settled = await rateOnRecord(deps, session, rating);
      if (!settled) throw new Error(`call ${callId} settled yet undecided`);
      return settled;
    }
  }
}

/** The rating decided on the call's record, or undefined while the record cannot say. */
async function rateOnRecord(
  deps: ApiDeps,
  session: SessionClaims,
  rating: NewRating,
): Promise<{ outcome: RatingOutcome; rating: Rating } | undefined> {
  const call: CallRecord | undefined = await deps.repo.getCall(rating.callId);
  if (call && (call.siteId !== session.siteId || call.sessionId !== session.id)) {
    throw noSuchCall();
  }
  if (!call?.answeredAt) {
    if (call?.status === 'ended')
      throw new ApiError('call_not_answered', 409, 'Only an answered call can be rated');
    return undefined;
  }
  const outcome = await deps.repo.insertRating(rating);
  if (outcome.kind === 'already_rated') throw alreadyRated();
  if (outcome.kind === 'key_conflict') throw keyReused();
  if (outcome.kind === 'created')
    deps.metrics.ratings.inc({ site: session.siteId, stars: String(rating.stars) });
  return { outcome: outcome.kind, rating: toRating(outcome.value) };
}

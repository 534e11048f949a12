import { lockCall } from './call-event-lock.ts';
import type { HoldOutcome, NewHeldRating, StoredRating } from './repository.ts';
import type { SqlClient } from './sql-client.ts';
import { queueRatingEvents } from './webhook-outbox.ts';

/**
 * Ratings given before the call's record says it was answered: media's reports were still
 * being retried (the API restarted, the database was down) when the visitor, whose call is
 * over, pressed Send. Held under the call's lock, the one its events take, so a rating and
 * the event that settles it never miss each other: either the event finds the rating held,
 * or the rating finds the call settled and is decided on at once.
 */

const toHeld = (row: Record<string, unknown>): StoredRating => ({
  id: row.id as string,
  callId: row.call_id as string,
  stars: row.stars as number,
  comment: row.comment as string,
  createdAt: new Date(row.created_at as Date),
});

/**
 * Holds `rating` until its call's record decides it; `call_settled` when the record already
 * can (answered, ended, or not this visitor's): the caller decides on the record.
 */
export function holdRating(
  db: SqlClient,
  rating: NewHeldRating,
  maxPerSession: number,
): Promise<HoldOutcome> {
  return db.transaction(async (tx): Promise<HoldOutcome> => {
    await lockCall(tx, rating.callId);
    const { rows: calls } = await tx.query(
      `select 1 from calls where id = $1 and (answered_at is not null or status = 'ended'
         or session_id <> $2 or site_id <> $3)`,
      [rating.callId, rating.sessionId, rating.siteId],
    );
    if (calls.length > 0) return { kind: 'call_settled' };
    // A key names one request, held or stored.
    const { rows: sameKey } = await tx.query(
      `select id, call_id, request_hash, stars, comment, created_at, true as held
       from held_ratings where site_id = $1 and idempotency_key = $2
       union all
       select id, call_id, request_hash, stars, comment, created_at, false
       from ratings where site_id = $1 and idempotency_key = $2`,
      [rating.siteId, rating.idempotencyKey],
    );
    const earlier = sameKey[0];
    if (earlier) {
      return earlier.held && earlier.request_hash === rating.requestHash
        ? { kind: 'replayed', value: toHeld(earlier) }
        : { kind: 'key_conflict' };
    }
    const { rows: mine } = await tx.query<{ n: number; this_call: number }>(
      `select count(*)::int as n, count(*) filter (where call_id = $2)::int as this_call
       from held_ratings where session_id = $1`,
      [rating.sessionId, rating.callId],
    );
    if ((mine[0]?.this_call ?? 0) > 0) return { kind: 'already_rated' };
    // A session holds no more ratings than it may have calls: made-up call ids fill no table.
    if ((mine[0]?.n ?? 0) >= maxPerSession) return { kind: 'too_many' };
    const { rows } = await tx.query(
      `insert into held_ratings (id, site_id, session_id, call_id, idempotency_key,
         request_hash, stars, comment, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
      [
        rating.id,
        rating.siteId,
        rating.sessionId,
        rating.callId,
        rating.idempotencyKey,
        rating.requestHash,
        rating.stars,
        rating.comment,
        rating.createdAt,
      ],
    );
    return { kind: 'held', value: toHeld(rows[0]!) };
  });
}

/**
 * The call was answered or ended (the caller holds its lock): its held rating is stored if
 * the call was answered and is the rating visitor's, and dropped otherwise. A rating stored
 * now is submitted now, for the webhooks, as of `at`.
 */
export async function settleHeldRating(tx: SqlClient, callId: string, at: Date): Promise<void> {
  const { rows } = await tx.query<{ id: string }>(
    `with settled as (delete from held_ratings where call_id = $1 returning *)
     insert into ratings (id, site_id, call_id, idempotency_key, request_hash, stars, comment,
       created_at)
     select h.id, h.site_id, h.call_id, h.idempotency_key, h.request_hash, h.stars, h.comment,
       h.created_at
     from settled h join calls c on c.id = h.call_id
     where c.answered_at is not null and c.session_id = h.session_id and c.site_id = h.site_id
     on conflict do nothing returning id`,
    [callId],
  );
  await queueRatingEvents(
    tx,
    rows.map((row) => row.id),
    at,
  );
}

/** Held ratings whose call never came (its reports were lost) are forgotten after a while. */
export async function forgetHeldRatings(db: SqlClient, heldBefore: Date): Promise<void> {
  await db.query('delete from held_ratings where created_at < $1', [heldBefore]);
}

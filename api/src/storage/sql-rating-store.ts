import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import { forgetHeldRatings, holdRating } from './held-ratings.ts';
import type { RatingFilter, RatingRow, RatingStore, StoredRating } from './repository.ts';
import { optionalDate } from './row-mapping.ts';
import type { SqlClient } from './sql-client.ts';
import { queueRatingEvents } from './webhook-outbox.ts';

function toStoredRating(row: Record<string, unknown>): StoredRating {
  return {
    id: row.id as string,
    callId: row.call_id as string,
    stars: row.stars as number,
    comment: row.comment as string,
    createdAt: new Date(row.created_at as Date),
    personalDataErasedAt: optionalDate(row.personal_data_erased_at),
  };
}

/** Appends `where` conditions for the filters given, numbering parameters as it goes. */
export function ratingConditions(filter: RatingFilter): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filter.siteId) add((p) => `r.site_id = ${p}`, filter.siteId);
  if (filter.siteIds) add((p) => `r.site_id = any(${p}::text[])`, [...filter.siteIds]);
  if (filter.from) add((p) => `r.created_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `r.created_at < ${p}`, filter.to);
  if (filter.queue) add((p) => `c.queue = ${p}`, filter.queue);
  if (filter.intent) add((p) => `c.intent = ${p}`, filter.intent);
  if (filter.language) add((p) => `c.language = ${p}`, filter.language);
  if (filter.stars?.length) add((p) => `r.stars = any(${p}::int[])`, filter.stars);
  return { where: conditions.length ? `where ${conditions.join(' and ')}` : '', params };
}

export function sqlRatingStore(db: SqlClient): RatingStore {
  return {
    async insertRating(rating) {
      // The rating and its webhook event are stored together, or neither.
      const inserted = await db.transaction(async (tx) => {
        const result = await tx.query(
          `insert into ratings (id, site_id, call_id, idempotency_key, request_hash, stars, comment, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing returning *`,
          [
            rating.id,
            rating.siteId,
            rating.callId,
            rating.idempotencyKey,
            rating.requestHash,
            rating.stars,
            rating.comment,
            rating.createdAt,
          ],
        );
        if (result.rows[0]) await queueRatingEvents(tx, [rating.id], rating.createdAt);
        return result;
      });
      if (inserted.rows[0]) return { kind: 'created', value: toStoredRating(inserted.rows[0]) };
      const { rows } = await db.query(
        'select * from ratings where site_id = $1 and idempotency_key = $2',
        [rating.siteId, rating.idempotencyKey],
      );
      const earlier = rows[0];
      if (!earlier) return { kind: 'already_rated' };
      return earlier.request_hash === rating.requestHash
        ? { kind: 'replayed', value: toStoredRating(earlier) }
        : { kind: 'key_conflict' };
    },
    async listRatings(filter) {
      const { where, params } = ratingConditions(filter);
      const { rows } = await db.query(
        `select r.*, c.queue, c.intent, c.language, c.country, c.connection_test from ratings r
         join calls c on c.id = r.call_id ${where}
         order by r.created_at desc, r.id limit ${Math.min(filter.limit ?? 500, 5000)}`,
        params,
      );
      return rows.map((row): RatingRow => ({
        ...toStoredRating(row),
        siteId: row.site_id as string,
        queue: row.queue as string,
        intent: row.intent as string,
        language: row.language as string,
        country: row.country as string,
        ...(row.connection_test ? { connectionTest: row.connection_test as ConnectionTest } : {}),
      }));
    },
    async countRatings() {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from ratings');
      return rows[0]?.n ?? 0;
    },
    holdRating: (rating, maxPerSession) => holdRating(db, rating, maxPerSession),
    forgetHeldRatings: (heldBefore) => forgetHeldRatings(db, heldBefore),
    async countHeldRatings() {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from held_ratings');
      return rows[0]?.n ?? 0;
    },
  };
}

import type { RatingRow } from '../storage/repository.ts';
import { csvLine } from './csv.ts';

/** The ratings as CSV: ids for machines, and the queue's display name for people. */
export function ratingsCsv(
  ratings: RatingRow[],
  queueName: (siteId: string, queue: string) => string,
): string {
  const header = csvLine([
    'created_at',
    'site',
    'queue',
    'intent',
    'language',
    'country',
    'stars',
    'comment',
    // Last, so the columns readers already count on stay where they were.
    'queue_name',
  ]);
  const rows = ratings.map((r) =>
    csvLine([
      r.createdAt.toISOString(),
      r.siteId,
      r.queue,
      r.intent,
      r.language,
      r.country,
      r.stars,
      r.comment,
      queueName(r.siteId, r.queue),
    ]),
  );
  return header + rows.join('');
}

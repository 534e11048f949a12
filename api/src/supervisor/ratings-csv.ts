import type { RatingRow } from '../storage/repository.ts';
import { csvTable } from './csv.ts';

/** The ratings as CSV: ids for machines, and the queue's display name for people. */
export function ratingsCsv(
  ratings: RatingRow[],
  queueName: (siteId: string, queue: string) => string,
): string {
  return csvTable(ratings, [
    ['created_at', (r) => r.createdAt.toISOString()],
    ['site', (r) => r.siteId],
    ['queue', (r) => r.queue],
    ['intent', (r) => r.intent],
    ['language', (r) => r.language],
    ['country', (r) => r.country],
    ['stars', (r) => r.stars],
    ['comment', (r) => r.comment],
    // Last, so the columns readers already count on stay where they were.
    ['queue_name', (r) => queueName(r.siteId, r.queue)],
  ]);
}

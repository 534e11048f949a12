import { z } from 'zod';
import type { RatingFilter } from '../storage/repository.ts';

const empty = (value: unknown) => (value === '' ? undefined : value);
const optionalText = z.preprocess(
  empty,
  z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
);

/** The review page's filters, from its query string (every field optional). */
export const ReviewFilterSchema = z.strictObject({
  from: z.preprocess(empty, z.iso.date().optional()),
  to: z.preprocess(empty, z.iso.date().optional()),
  queue: optionalText,
  intent: optionalText,
  language: optionalText,
  stars: z.preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.coerce.number().int().min(1).max(5)).max(5),
  ),
});
export type ReviewFilter = z.infer<typeof ReviewFilterSchema>;

/** `to` is a whole day: ratings up to its end (UTC) count. */
export function toRatingFilter(filter: ReviewFilter): RatingFilter {
  return {
    from: filter.from ? new Date(`${filter.from}T00:00:00Z`) : undefined,
    to: filter.to ? new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000) : undefined,
    queue: filter.queue,
    intent: filter.intent,
    language: filter.language,
    stars: filter.stars.length ? filter.stars : undefined,
  };
}

import { z } from 'zod';

/** POST /v1/calls/{callId}/rating (session token + Idempotency-Key header). */
export const RatingRequestSchema = z
  .strictObject({
    stars: z.int().min(1).max(5),
    comment: z.string().max(500).default(''),
  })
  .meta({ id: 'RatingRequest' });
export type RatingRequest = z.infer<typeof RatingRequestSchema>;

export const RatingSchema = z
  .strictObject({
    id: z.uuid(),
    callId: z.uuid(),
    stars: z.int().min(1).max(5),
    comment: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Rating' });
export type Rating = z.infer<typeof RatingSchema>;

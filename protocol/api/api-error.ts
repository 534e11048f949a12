import { z } from 'zod';

/** Every API error body: a stable machine-readable `code` and a sentence for people. */
export const ApiErrorSchema = z
  .strictObject({
    code: z.string(),
    message: z.string(),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof ApiErrorSchema>;

import { z } from 'zod';

/** A site's id as used in URLs and token subjects, e.g. `acme`. */
export const SiteIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes');

/** A queue's name inside a site's config, e.g. `sales-en`. */
export const QueueNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes');

/**
 * A client-chosen key that makes a POST safe to retry: the same key with the same body returns
 * the first answer; the same key with another body is refused.
 */
export const IdempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be 8 to 128 letters, digits, "_" or "-"');

/** A phone number in E.164 form, e.g. `+17139293714`. */
export const E164Schema = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number');

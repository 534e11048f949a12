import { z } from 'zod';

/**
 * The Standard Webhooks recommendation: after a failed first attempt, retry after 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h and 10 h: eight attempts over about 28 hours, long enough to ride
 * out a receiver's night-long outage. (An API_RETENTION_DAYS of 1 deletes the outbox before
 * the last retry: docs/webhooks.md.)
 */
export const defaultWebhookRetryDelaysMs: readonly number[] = [
  5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

/**
 * API_WEBHOOK_RETRY_DELAYS_MS: the waits before each retry, milliseconds, comma-separated
 * (`5000,300000`); unset, the schedule above. Short ones are for tests.
 */
export const WebhookRetryDelaysSchema = z
  .string()
  .optional()
  .transform((list, ctx) => {
    if (list === undefined || list.trim() === '') return [...defaultWebhookRetryDelaysMs];
    const entries = list.split(',').map((entry) => entry.trim());
    const delays = entries.map(Number);
    if (
      entries.length > 20 ||
      delays.some((delay) => !Number.isInteger(delay) || delay < 1 || delay > 86_400_000)
    ) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be up to 20 whole numbers of milliseconds from 1 to 86400000, comma-separated',
      });
      return z.NEVER;
    }
    return delays;
  });

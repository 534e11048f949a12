/**
 * When a failed webhook delivery is tried again: the configured waits (exponential, per the
 * Standard Webhooks schedule, API_WEBHOOK_RETRY_DELAYS_MS), each varied by up to a fifth
 * either way so that the deliveries that failed together, during one outage, do not all
 * come back at the receiver in the same second.
 */

/** How far a wait may vary either way, as a share of it. */
export const retryJitter = 0.2;

/**
 * The wait after the `attemptsMade`-th attempt failed, in milliseconds, or undefined when the
 * schedule is spent and the delivery is given up. `random` is in [0, 1).
 */
export function retryDelayMs(
  attemptsMade: number,
  delaysMs: readonly number[],
  random: () => number = Math.random,
): number | undefined {
  const delay = delaysMs[attemptsMade - 1];
  if (delay === undefined) return undefined;
  return Math.round(delay * (1 - retryJitter + 2 * retryJitter * random()));
}

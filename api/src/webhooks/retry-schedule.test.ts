import { describe, expect, it } from 'vitest';
import {
  defaultWebhookRetryDelaysMs,
  WebhookRetryDelaysSchema,
} from '../../../protocol/config/webhook-retry-delays.ts';
import { retryDelayMs } from './retry-schedule.ts';

const minute = 60_000;
const hour = 60 * minute;

describe('the webhook retry schedule', () => {
  it('is the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(defaultWebhookRetryDelaysMs).toEqual([
      5000,
      5 * minute,
      30 * minute,
      2 * hour,
      5 * hour,
      10 * hour,
      10 * hour,
    ]);
    // Given up after about 28 hours: a receiver down overnight still gets everything.
    const total = defaultWebhookRetryDelaysMs.reduce((sum, delay) => sum + delay, 0);
    expect(total / hour).toBeCloseTo(27.6, 1);
  });

  it('waits the schedule after each failed attempt, then gives up', () => {
    const middle = () => 0.5;
    expect(retryDelayMs(1, defaultWebhookRetryDelaysMs, middle)).toBe(5000);
    expect(retryDelayMs(2, defaultWebhookRetryDelaysMs, middle)).toBe(5 * minute);
    expect(retryDelayMs(7, defaultWebhookRetryDelaysMs, middle)).toBe(10 * hour);
    expect(retryDelayMs(8, defaultWebhookRetryDelaysMs, middle)).toBeUndefined();
  });

  it('varies each wait by up to a fifth either way, so an outage is not replayed in one burst', () => {
    expect(retryDelayMs(1, [5000], () => 0)).toBe(4000);
    expect(retryDelayMs(1, [5000], () => 0.999_999)).toBe(6000);
    const waits = new Set(Array.from({ length: 50 }, () => retryDelayMs(2, [5000, 300_000])));
    expect(waits.size).toBeGreaterThan(40);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(240_000);
      expect(wait).toBeLessThanOrEqual(360_000);
    }
  });

  it('reads API_WEBHOOK_RETRY_DELAYS_MS, refusing what is not a list of waits', () => {
    expect(WebhookRetryDelaysSchema.parse(undefined)).toEqual(defaultWebhookRetryDelaysMs);
    expect(WebhookRetryDelaysSchema.parse('100, 200,400')).toEqual([100, 200, 400]);
    for (const bad of ['5s', '0', '-1,2', '1.5', String(2 * 86_400_000)]) {
      expect(WebhookRetryDelaysSchema.safeParse(bad).success).toBe(false);
    }
  });
});

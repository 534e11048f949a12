import { describe, expect, it } from 'vitest';
import { restartBackoff } from './restart-backoff.ts';

const options = { firstMs: 1000, maxMs: 8000, stableAfterMs: 60_000 };

describe('restartBackoff', () => {
  it('replaces a worker that ran a while at once', () => {
    expect(restartBackoff(options).nextDelayMs(3_600_000)).toBe(0);
  });

  it('doubles the wait for each worker in a row that dies young, up to the ceiling', () => {
    const backoff = restartBackoff(options);
    const delays = [500, 10, 0, 2000, 100, 0].map((lived) => backoff.nextDelayMs(lived));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('starts over once a replacement has run long enough', () => {
    const backoff = restartBackoff(options);
    backoff.nextDelayMs(10);
    backoff.nextDelayMs(10);
    expect(backoff.nextDelayMs(60_000)).toBe(0);
    expect(backoff.nextDelayMs(10)).toBe(1000);
  });
});

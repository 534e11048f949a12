import { describe, expect, it } from 'vitest';
import { assessConnection } from './connection-verdict.ts';

describe('assessConnection', () => {
  it('calls a clean path Good', () => {
    expect(assessConnection({ rttMs: 1, jitterMs: 0.3, lossPct: 0 })).toMatchObject({
      verdict: 'good',
    });
    // A typical broadband path to a nearby data center.
    expect(assessConnection({ rttMs: 40, jitterMs: 3, lossPct: 0.5 }).verdict).toBe('good');
  });

  it('rates 50 ms, 10 ms jitter and 3 % loss each way below Good', () => {
    // What that path shows on the round trip: ~100 ms, ~14 ms jitter, ~5.9 % loss.
    const assessed = assessConnection({ rttMs: 101, jitterMs: 14, lossPct: 5.9 });
    expect(assessed.verdict).toBe('acceptable');
    expect(assessed.r).toBeGreaterThan(70);
    expect(assessed.r).toBeLessThan(80);
  });

  it('calls heavy loss or a very long delay Poor', () => {
    expect(assessConnection({ rttMs: 60, jitterMs: 5, lossPct: 12 }).verdict).toBe('poor');
    expect(assessConnection({ rttMs: 700, jitterMs: 20, lossPct: 0 }).verdict).toBe('poor');
  });

  it('charges jitter as jitter-buffer delay', () => {
    const steady = assessConnection({ rttMs: 200, jitterMs: 0, lossPct: 0 });
    const jittery = assessConnection({ rttMs: 200, jitterMs: 60, lossPct: 0 });
    expect(jittery.oneWayDelayMs - steady.oneWayDelayMs).toBe(120);
    expect(jittery.r).toBeLessThan(steady.r);
  });
});

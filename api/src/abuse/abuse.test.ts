import { describe, expect, it } from 'vitest';
import { CallConcurrency } from './call-concurrency.ts';
import { RateLimiter } from './rate-limiter.ts';

describe('RateLimiter', () => {
  it('allows the limit, refuses beyond it with the wait, and refills over the minute', () => {
    const limiter = new RateLimiter();
    const limits = [{ key: 'ip:1', perMinute: 2, label: 'calls per IP' }];
    expect(limiter.take(limits, 0)).toEqual({ allowed: true });
    expect(limiter.take(limits, 0)).toEqual({ allowed: true });
    expect(limiter.take(limits, 0)).toEqual({
      allowed: false,
      retryAfterS: 30,
      label: 'calls per IP',
    });
    expect(limiter.take(limits, 30_000)).toEqual({ allowed: true });
  });

  it('consumes nothing when any one of the limits refuses', () => {
    const limiter = new RateLimiter();
    const site = { key: 'site:a', perMinute: 5, label: 'calls per site' };
    const ip = { key: 'ip:1', perMinute: 1, label: 'calls per IP' };
    expect(limiter.take([site, ip], 0).allowed).toBe(true);
    for (let i = 0; i < 3; i++) expect(limiter.take([site, ip], 0).allowed).toBe(false);
    // The site bucket still holds 4 of its 5.
    for (let i = 0; i < 4; i++) {
      expect(limiter.take([site, { ...ip, key: `ip:${i + 2}` }], 0).allowed).toBe(true);
    }
    expect(limiter.take([site, { ...ip, key: 'ip:9' }], 0)).toMatchObject({
      allowed: false,
      label: 'calls per site',
    });
  });
});

describe('CallConcurrency', () => {
  it('counts a call until its token expires unused, or until media reports it ended', () => {
    const calls = new CallConcurrency();
    calls.start('a', ['site:x', 'ip:1'], 120_000);
    calls.start('b', ['site:x', 'ip:2'], 120_000);
    expect(calls.count('site:x', 1000)).toBe(2);
    calls.update('b', 'answered', 2000);
    expect(calls.count('site:x', 120_000)).toBe(1);
    expect(calls.count('ip:1', 120_000)).toBe(0);
    expect(calls.count('ip:2', 600_000)).toBe(1);
    calls.update('b', 'ended', 700_000);
    expect(calls.count('site:x', 700_000)).toBe(0);
    calls.update('unknown', 'ended', 700_000);
    expect(calls.count('site:x', 700_000)).toBe(0);
  });
});

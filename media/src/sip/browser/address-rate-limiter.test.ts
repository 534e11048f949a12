import { describe, expect, it } from 'vitest';
import { addressRateLimiter, type AddressRateLimiterOptions } from './address-rate-limiter.ts';

const limits: AddressRateLimiterOptions['limits'] = {
  connection: { limit: 3, windowMs: 10_000 },
  request: { limit: 5, windowMs: 1000 },
  refusedInvite: { limit: 2, windowMs: 60_000 },
};

function limiterAt(start = 1_000_000) {
  let clock = start;
  const limiter = addressRateLimiter({ limits, banMs: 60_000, now: () => clock });
  return { limiter, advance: (ms: number) => (clock += ms) };
}

const times = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe('addressRateLimiter', () => {
  it('allows an address up to each limit in a window, and bans it on the next event', () => {
    const { limiter } = limiterAt();
    expect(times(3, () => limiter.count('a', 'connection'))).toEqual(times(3, () => 'allowed'));
    expect(limiter.count('a', 'connection')).toBe('banned-now');
    expect(limiter.banLeftMs('a')).toBe(60_000);
  });

  it('counts each event kind apart: requests do not use up connections', () => {
    const { limiter } = limiterAt();
    times(5, () => limiter.count('a', 'request'));
    expect(limiter.count('a', 'connection')).toBe('allowed');
    expect(limiter.count('a', 'refusedInvite')).toBe('allowed');
    expect(limiter.count('a', 'request')).toBe('banned-now');
  });

  it('starts a new window once the last one is over', () => {
    const { limiter, advance } = limiterAt();
    times(5, () => limiter.count('a', 'request'));
    advance(1000);
    expect(times(5, () => limiter.count('a', 'request'))).toEqual(times(5, () => 'allowed'));
    expect(limiter.banLeftMs('a')).toBe(0);
  });

  it('bans one address only: another behind its own address is not touched', () => {
    const { limiter } = limiterAt();
    times(3, () => limiter.count('a', 'refusedInvite'));
    expect(limiter.banLeftMs('a')).toBeGreaterThan(0);
    expect(limiter.count('b', 'refusedInvite')).toBe('allowed');
    expect(limiter.banLeftMs('b')).toBe(0);
  });

  it('says banned, not banned-now, for what a banned address does until the ban runs out', () => {
    const { limiter, advance } = limiterAt();
    times(4, () => limiter.count('a', 'connection'));
    advance(59_999);
    expect(limiter.count('a', 'connection')).toBe('banned');
    expect(limiter.banLeftMs('a')).toBe(1);
    advance(1);
    expect(limiter.banLeftMs('a')).toBe(0);
    // Counted from zero after the ban, not from what was counted before it.
    expect(times(3, () => limiter.count('a', 'connection'))).toEqual(times(3, () => 'allowed'));
  });

  it('forgets addresses whose windows and ban are over, so a spread of senders does not grow it', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 1000; i += 1) limiter.count(`10.0.${i >> 8}.${i & 255}`, 'connection');
    times(4, () => limiter.count('banned', 'connection'));
    expect(limiter.trackedAddresses).toBe(1001);
    advance(60_000);
    limiter.count('fresh', 'request');
    expect(limiter.trackedAddresses).toBe(1);
  });
});

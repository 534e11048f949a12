import { describe, expect, it } from 'vitest';
import { leastLoaded } from './least-loaded.ts';

const load = (slot: { calls: number }) => slot.calls;

describe('leastLoaded', () => {
  it('picks the worker with the fewest calls', () => {
    const slots = [{ calls: 3 }, { calls: 1 }, { calls: 2 }];
    expect(leastLoaded(slots, load)).toBe(slots[1]);
  });

  it('keeps to the first worker on a tie', () => {
    const slots = [{ calls: 1 }, { calls: 1 }];
    expect(leastLoaded(slots, load)).toBe(slots[0]);
  });

  it('skips a slot whose worker is being replaced', () => {
    const busy = { calls: 4 };
    expect(leastLoaded([undefined, busy], load)).toBe(busy);
  });

  it('has nothing to offer while every worker is being replaced', () => {
    expect(leastLoaded([undefined, undefined], load)).toBeUndefined();
  });
});

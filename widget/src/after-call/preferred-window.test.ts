import { describe, expect, it } from 'vitest';
import { preferredWindow } from './preferred-window.ts';

// Local times: the test sets no time zone, so build the expectations the same way.
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute);

describe('preferredWindow', () => {
  it('is no window for as soon as possible', () => {
    expect(preferredWindow('asap', at(23, 10))).toBeUndefined();
  });

  it('is later today, from now inside the period, or tomorrow once it is over', () => {
    expect(preferredWindow('afternoon', at(23, 10))).toEqual({
      from: at(23, 12).toISOString(),
      to: at(23, 17).toISOString(),
    });
    expect(preferredWindow('morning', at(23, 10, 30))).toEqual({
      from: at(23, 10, 30).toISOString(),
      to: at(23, 12).toISOString(),
    });
    expect(preferredWindow('morning', at(23, 15))).toEqual({
      from: at(24, 9).toISOString(),
      to: at(24, 12).toISOString(),
    });
  });
});

import { describe, expect, it } from 'vitest';
import { contrastRatio, textColorOn } from './theme-contrast.ts';

describe('text on the brand colour', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('is white on dark colours, black on pale ones, and always passes WCAG AA', () => {
    expect(textColorOn('#0b5cad')).toBe('#ffffff');
    expect(textColorOn('#ffd54f')).toBe('#000000');
    // Every grey and every pure hue, the hardest cases, reach 4.5:1.
    for (let v = 0; v < 256; v += 5) {
      const h = v.toString(16).padStart(2, '0');
      for (const colour of [`#${h}${h}${h}`, `#${h}0000`, `#00${h}00`, `#0000${h}`, `#${h}${h}00`])
        expect(contrastRatio(colour, textColorOn(colour))).toBeGreaterThanOrEqual(4.5);
    }
  });
});

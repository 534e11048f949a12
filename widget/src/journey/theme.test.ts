import { describe, expect, it } from 'vitest';
import { contrastRatio, themeProperties } from './theme.ts';

describe('theme', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('puts readable text on the brand colour', () => {
    expect(themeProperties({ primaryColor: '#0b5cad', position: 'bottom-right' })).toEqual({
      '--ctc-primary': '#0b5cad',
      '--ctc-on-primary': '#ffffff',
    });
    expect(themeProperties({ primaryColor: '#ffd54f', position: 'bottom-right' })).toMatchObject({
      '--ctc-on-primary': '#000000',
    });
  });
});

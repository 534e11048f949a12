import { describe, expect, it } from 'vitest';
import { themeProperties } from './theme.ts';

describe('theme', () => {
  it('puts readable text on the brand colour', () => {
    expect(themeProperties({ primaryColor: '#0b5cad' })).toEqual({
      '--ctc-primary': '#0b5cad',
      '--ctc-on-primary': '#ffffff',
    });
    expect(themeProperties({ primaryColor: '#ffd54f' })).toMatchObject({
      '--ctc-on-primary': '#000000',
    });
  });
});

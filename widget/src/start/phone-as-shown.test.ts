import { describe, expect, it } from 'vitest';
import { phoneAsShown } from './phone-as-shown.ts';

const houston = { country: 'US', national: '(713) 929-3714', international: '+1 713 929 3714' };

describe('phoneAsShown', () => {
  it('reads as dialled at home to a visitor of its country', () => {
    expect(phoneAsShown(houston, 'US')).toBe('(713) 929-3714');
  });

  it('carries its country code for anyone else', () => {
    expect(phoneAsShown(houston, 'MX')).toBe('+1 713 929 3714');
  });
});

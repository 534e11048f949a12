import { describe, expect, it } from 'vitest';
import { addressPseudonymizer } from './address-pseudonym.ts';

describe('client address labels for logs', () => {
  it('labels one address the same way each time, and two addresses apart', () => {
    const label = addressPseudonymizer();
    expect(label('203.0.113.7')).toBe(label('203.0.113.7'));
    expect(label('203.0.113.7')).not.toBe(label('203.0.113.8'));
    expect(label('2001:db8::7')).toMatch(/^client-[\w-]{12}$/);
  });

  it('gives other labels under another key: nothing to look an address up by', () => {
    expect(addressPseudonymizer()('203.0.113.7')).not.toBe(addressPseudonymizer()('203.0.113.7'));
    expect(addressPseudonymizer()('203.0.113.7')).not.toContain('203');
  });
});

import { describe, expect, it } from 'vitest';
import { addressBlock } from './address-block.ts';

describe('addressBlock', () => {
  it('counts an IPv4 client by its address', () => {
    expect(addressBlock('203.0.113.7')).toBe('203.0.113.7');
    // A dual-stack socket's IPv4-mapped spelling is the same client.
    expect(addressBlock('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    const block = '2001:db8:1:2::/64';
    expect(addressBlock('2001:db8:1:2::1')).toBe(block);
    expect(addressBlock('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe(block);
    expect(addressBlock('2001:0DB8:0001:0002:0:0:0:ffff')).toBe(block);
    expect(addressBlock('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressBlock('::1')).toBe('0:0:0:0::/64');
    expect(addressBlock('fe80::1:2:3:4')).toBe('fe80:0:0:0::/64');
    expect(addressBlock('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('counts clients of unknown address as one', () => {
    expect(addressBlock(undefined)).toBe('unknown');
  });
});

import { describe, expect, it } from 'vitest';
import { loadMediaConfig } from './media-config.ts';
import { parseTrunkHostList } from './trunk-address-list.ts';

describe('MEDIA_TRUNK_HOSTS, the PBX addresses in priority order', () => {
  it('keeps the order written, with or without ports, IPv4, IPv6 and names', () => {
    expect(
      parseTrunkHostList(' 10.0.0.5:5060, [fd00::6]:5080,fd00::7 , pbx.example.com,10.0.0.8'),
    ).toEqual([
      { host: '10.0.0.5', port: 5060 },
      { host: 'fd00::6', port: 5080 },
      { host: 'fd00::7' },
      { host: 'pbx.example.com' },
      { host: '10.0.0.8' },
    ]);
  });

  it.each([
    ['', /lists no address/],
    ['10.0.0.5:0', /port must be 1 to 65535/],
    ['10.0.0.5:70000', /port must be 1 to 65535/],
    ['10.0.0.5:50x', /port must be 1 to 65535/],
    ['[pbx.example.com]:5060', /not an IPv6 address/],
    ['pbx_1.example.com', /not host\[:port\]/],
    ['10.0.0.5:5060:1', /not host\[:port\]/],
    ['10.0.0.5:5060,10.0.0.5:5060', /lists 10.0.0.5:5060 twice/],
  ])('refuses %j', (text, message) => {
    expect(() => parseTrunkHostList(text)).toThrow(message);
  });

  it('fails the start-up naming the variable and the entry at fault', () => {
    expect(() => loadMediaConfig({ MEDIA_TRUNK_HOSTS: '10.0.0.5:5060,pbx;rm' })).toThrow(
      /MEDIA_TRUNK_HOSTS: "pbx;rm" is not host\[:port\]/,
    );
  });

  it('is unset by default: the one address of MEDIA_TRUNK_HOST and MEDIA_TRUNK_PORT', () => {
    const config = loadMediaConfig({ MEDIA_TRUNK_HOST: '10.0.0.9' });
    expect(config.trunkHosts).toBeUndefined();
    expect(config).toMatchObject({ trunkHost: '10.0.0.9', trunkOptionsIntervalMs: 15_000 });
  });
});

import { describe, expect, it } from 'vitest';
import { clientAddress, type ForwardedRequest } from './client-address.ts';
import { trustedProxies } from './trusted-proxies.ts';

const visitor = '203.0.113.7';
const forger = '198.51.100.66';
const edgeProxy = '192.0.2.10';
const innerProxy = '10.0.0.5';

// Each row: the proxies trusted, what reached the service, and the address its per-address
// limits must count.
const cases: {
  name: string;
  trusted: string[];
  request: ForwardedRequest;
  client: string | undefined;
}[] = [
  {
    name: 'no proxies trusted: the header is ignored, the peer is the client',
    trusted: [],
    request: { peer: visitor, forwardedFor: '1.1.1.1' },
    client: visitor,
  },
  {
    name: 'one proxy: the hop it appended',
    trusted: [`${edgeProxy}/32`],
    request: { peer: edgeProxy, forwardedFor: visitor },
    client: visitor,
  },
  {
    name: 'two proxies, given as a CIDR and a bare address',
    trusted: ['10.0.0.0/8', edgeProxy],
    request: { peer: innerProxy, forwardedFor: `${visitor}, ${edgeProxy}` },
    client: visitor,
  },
  {
    name: "a visitor's forged hops behind one proxy are not believed",
    trusted: [edgeProxy],
    request: { peer: edgeProxy, forwardedFor: `${forger}, 10.9.9.9, ${visitor}` },
    client: visitor,
  },
  {
    name: 'a forged header straight from a visitor (not a proxy) is ignored',
    trusted: [edgeProxy],
    request: { peer: visitor, forwardedFor: `${forger}, ${edgeProxy}` },
    client: visitor,
  },
  {
    name: 'every hop trusted: the leftmost one',
    trusted: ['10.0.0.0/8'],
    request: { peer: innerProxy, forwardedFor: '10.1.1.1, 10.2.2.2' },
    client: '10.1.1.1',
  },
  {
    name: 'a proxy with nothing to forward: the peer',
    trusted: [edgeProxy],
    request: { peer: edgeProxy, forwardedFor: undefined },
    client: edgeProxy,
  },
  {
    name: 'IPv6 proxy and visitor, spelled the way Node spells them',
    trusted: ['2001:db8:1::/48'],
    request: { peer: '2001:db8:1::5', forwardedFor: '2001:DB8:2:0::9' },
    client: '2001:db8:2::9',
  },
  {
    name: 'IPv4-mapped peer of a dual-stack socket matches an IPv4 block, and is given as IPv4',
    trusted: ['127.0.0.0/8'],
    request: { peer: '::ffff:127.0.0.1', forwardedFor: '::ffff:203.0.113.7' },
    client: visitor,
  },
  {
    name: 'an IPv4-mapped block matches a plain IPv4 peer',
    trusted: ['::ffff:192.0.2.0/120'],
    request: { peer: edgeProxy, forwardedFor: visitor },
    client: visitor,
  },
  {
    name: 'a proxy that adds ports and brackets',
    trusted: ['10.0.0.0/8', '2001:db8:1::/48'],
    request: { peer: innerProxy, forwardedFor: '[2001:db8:2::9]:51000, [2001:db8:1::5]:443' },
    client: '2001:db8:2::9',
  },
  {
    name: 'an IPv4 hop with a port',
    trusted: [edgeProxy],
    request: { peer: edgeProxy, forwardedFor: `${visitor}:51000` },
    client: visitor,
  },
  {
    name: 'a malformed hop stops the walk at the last good address',
    trusted: ['10.0.0.0/8'],
    request: { peer: innerProxy, forwardedFor: `${visitor}, unknown, 10.2.2.2` },
    client: '10.2.2.2',
  },
  {
    name: 'a malformed last hop leaves the peer',
    trusted: [edgeProxy],
    request: { peer: edgeProxy, forwardedFor: `${visitor}, 300.1.1.1` },
    client: edgeProxy,
  },
  {
    name: 'an empty hop is malformed too',
    trusted: ['10.0.0.0/8'],
    request: { peer: innerProxy, forwardedFor: `${visitor},, 10.2.2.2` },
    client: '10.2.2.2',
  },
  {
    name: 'several header lines read as one list, the later line to the right',
    trusted: ['10.0.0.0/8', edgeProxy],
    request: { peer: innerProxy, forwardedFor: [`${forger}, ${visitor}`, '', edgeProxy] },
    client: visitor,
  },
  {
    name: 'host bits after the prefix are ignored (10.0.0.1/8 is 10.0.0.0/8)',
    trusted: ['10.0.0.1/8'],
    request: { peer: '10.200.0.1', forwardedFor: visitor },
    client: visitor,
  },
  {
    name: 'an unknown peer gives no address at all',
    trusted: [edgeProxy],
    request: { peer: undefined, forwardedFor: visitor },
    client: undefined,
  },
];

describe('clientAddress', () => {
  it.each(cases)('$name', ({ trusted, request, client }) => {
    expect(clientAddress(request, trustedProxies(trusted))).toBe(client);
  });

  it('refuses a list entry that is not an address block rather than trusting too much', () => {
    expect(() => trustedProxies(['10.0.0.0/33'])).toThrow(/10\.0\.0\.0\/33/);
  });
});

import {
  Command,
  IPv4Address,
  IPv4ProxyAddress,
  IPv6Address,
  IPv6ProxyAddress,
  TransportProtocol,
  V2ProxyProtocol,
  type IPv6AddressTuple,
} from 'proxy-protocol-js';
import { describe, expect, it } from 'vitest';
import { readProxyHeader } from './proxy-protocol-header.ts';

const request = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
const v1 = (line: string) => Buffer.concat([Buffer.from(`${line}\r\n`), request]);

const v2 = (command: Command, address: IPv4ProxyAddress | IPv6ProxyAddress) =>
  Buffer.concat([
    Buffer.from(new V2ProxyProtocol(command, TransportProtocol.STREAM, address).build()),
    request,
  ]);
const ipv4 = (source: [number, number, number, number]) =>
  new IPv4ProxyAddress(new IPv4Address(source), 40000, new IPv4Address([10, 0, 0, 1]), 443);
// 2001:db8::7
const ipv6Source = [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 7] as IPv6AddressTuple;
const ipv6 = new IPv6ProxyAddress(
  new IPv6Address(ipv6Source),
  40000,
  IPv6Address.createWithEmptyAddress(),
  443,
);

// The header a layer-4 load balancer puts before the client's bytes (HAProxy's PROXY
// protocol): who the client is, and exactly where its own bytes start.
describe('readProxyHeader', () => {
  it('reads the client of a v1 header (nginx, HAProxy send-proxy), IPv4 and IPv6', () => {
    const tcp4 = v1('PROXY TCP4 203.0.113.7 10.0.0.1 40000 443');
    expect(readProxyHeader(tcp4)).toEqual({ kind: 'header', length: 43, source: '203.0.113.7' });
    expect(tcp4.subarray(43).equals(request)).toBe(true);
    expect(readProxyHeader(v1('PROXY TCP6 2001:DB8:0::7 2001:db8::1 40000 443'))).toMatchObject({
      kind: 'header',
      source: '2001:db8::7',
    });
  });

  it("reads the client of a v2 header (HAProxy send-proxy-v2), and the proxy's own checks", () => {
    const four = v2(Command.PROXY, ipv4([198, 51, 100, 20]));
    const header = readProxyHeader(four);
    expect(header).toEqual({ kind: 'header', length: 28, source: '198.51.100.20' });
    expect(four.subarray(28).equals(request)).toBe(true);
    expect(readProxyHeader(v2(Command.PROXY, ipv6))).toMatchObject({ source: '2001:db8::7' });
    // LOCAL: the proxy speaks for itself (a health check): no client to name.
    expect(readProxyHeader(v2(Command.LOCAL, ipv4([0, 0, 0, 0])))).toMatchObject({
      kind: 'header',
      source: undefined,
    });
    expect(readProxyHeader(v1('PROXY UNKNOWN'))).toEqual({
      kind: 'header',
      length: 15,
      source: undefined,
    });
  });

  it('waits for the rest of a header that arrives in pieces', () => {
    const whole = v2(Command.PROXY, ipv4([198, 51, 100, 20]));
    for (const cut of [0, 5, 12, 15, 27])
      expect(readProxyHeader(whole.subarray(0, cut))).toEqual({ kind: 'incomplete' });
    expect(readProxyHeader(Buffer.from('PROXY TCP4 203.0.113.7'))).toEqual({
      kind: 'incomplete',
    });
  });

  it('refuses a connection without a header or with a bad one', () => {
    expect(readProxyHeader(request)).toEqual({
      kind: 'invalid',
      reason: 'no PROXY protocol header',
    });
    expect(readProxyHeader(v1('PROXY TCP4 not-an-address 10.0.0.1 40000 443'))).toMatchObject({
      kind: 'invalid',
    });
    expect(readProxyHeader(Buffer.from(`PROXY TCP4 ${'1'.repeat(120)}`))).toEqual({
      kind: 'invalid',
      reason: 'v1 header longer than 107 bytes',
    });
    const badVersion = v2(Command.PROXY, ipv4([198, 51, 100, 20]));
    badVersion[12] = 0x11; // version 1 in a v2 signature
    expect(readProxyHeader(badVersion)).toEqual({ kind: 'invalid', reason: 'malformed v2 header' });
  });
});

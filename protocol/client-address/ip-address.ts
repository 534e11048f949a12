import { isIP, SocketAddress } from 'node:net';

export type IpFamily = 'ipv4' | 'ipv6';

/** 'ipv4', 'ipv6', or undefined when `text` is not a bare IP address. */
export function ipFamily(text: string): IpFamily | undefined {
  const version = isIP(text);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** Node's own spelling of an address (`2001:DB8:0::1%eth0` is `2001:db8::1`). */
export function formattedIp(text: string): string | undefined {
  const family = ipFamily(text);
  return family && new SocketAddress({ address: text, family }).address;
}

/**
 * One spelling per address, so a per-address limit cannot be dodged by writing the same
 * address another way: Node's formatting, and an IPv4-mapped IPv6 address (what a dual-stack
 * socket reports) as plain IPv4.
 */
export function canonicalIp(text: string): string | undefined {
  return formattedIp(text)?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

/**
 * An address as a proxy may write it in X-Forwarded-For: bare, or with a port and, for IPv6,
 * in brackets (`203.0.113.7:4711`, `[2001:db8::7]:4711`). Undefined when it is none of these.
 */
export function parseHop(hop: string): string | undefined {
  const text = hop.trim();
  if (ipFamily(text)) return canonicalIp(text);
  const withPort = SocketAddress.parse(text);
  return withPort ? canonicalIp(withPort.address) : undefined;
}

import { canonicalIp, ipFamily } from './ip-address.ts';

/**
 * What a per-address limit counts a client under: its IPv4 address, or the /64 its IPv6
 * address is in. One IPv6 subscriber is handed at least a /64 (RFC 6177; ISPs give /56 to /64
 * per customer) and may use any of its 2^64 addresses for each request, so a limit on single
 * IPv6 addresses would give a flooder a fresh budget per request; the /64 is what one
 * subscriber, or one corporate network's segment, is. `undefined` (no address known) counts
 * as one client, `unknown`.
 */
export function addressBlock(ip: string | undefined): string {
  if (ip === undefined) return 'unknown';
  const canonical = canonicalIp(ip);
  if (!canonical || ipFamily(canonical) !== 'ipv6') return canonical ?? ip;
  return `${ipv6Hextets(canonical).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address in Node's spelling (lower case, `::` compressed). */
function ipv6Hextets(formatted: string): string[] {
  const [head = '', tail] = formatted.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  // A dotted IPv4 tail (only `::ffff:` mapped ones, which canonicalIp turned into IPv4, and
  // the deprecated `::a.b.c.d` keep one in Node's spelling) is two hextets, after the /64.
  const width = (parts: string[]) => parts.reduce((n, p) => n + (p.includes('.') ? 2 : 1), 0);
  const zeros = Array<string>(8 - width(headParts) - width(tailParts)).fill('0');
  return [...headParts, ...zeros, ...tailParts].map((h) =>
    h.includes('.') ? h : Number.parseInt(h, 16).toString(16),
  );
}

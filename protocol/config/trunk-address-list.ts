import { z } from 'zod';

/**
 * One entry of MEDIA_TRUNK_HOSTS as written. Without a port, an IP address takes
 * MEDIA_TRUNK_PORT and a name is looked up as a DNS SRV service first (RFC 3263 4.2: an
 * explicit port means no SRV).
 */
export interface TrunkHostEntry {
  host: string;
  port?: number;
}

// A DNS name (RFC 1123 labels): letters, digits and hyphens, dot-separated.
const dnsName =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const isIpv4 = (text: string) => z.ipv4().safeParse(text).success;
const isIpv6 = (text: string) => z.ipv6().safeParse(text).success;

/** True when `host` is an IP literal, which is never looked up in DNS. */
export function isIpLiteral(host: string): boolean {
  return isIpv4(host) || isIpv6(host);
}

/**
 * Parses `host[:port]` entries separated by commas, in priority order: `10.0.0.5:5060`,
 * `[fd00::5]:5060`, `pbx.example.com` (SRV). Throws with the entry at fault.
 */
export function parseTrunkHostList(text: string): TrunkHostEntry[] {
  const entries = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (entries.length === 0) throw new Error('lists no address');
  const parsed = entries.map(parseEntry);
  const seen = new Set<string>();
  for (const entry of parsed) {
    const key = `${entry.host.toLowerCase()}:${entry.port ?? ''}`;
    if (seen.has(key)) throw new Error(`lists ${key.replace(/:$/, '')} twice`);
    seen.add(key);
  }
  return parsed;
}

function parseEntry(item: string): TrunkHostEntry {
  // [v6]:port or [v6]
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
  if (bracketed) {
    const [, host = '', port] = bracketed;
    if (!isIpv6(host)) throw new Error(`"${item}": [${host}] is not an IPv6 address`);
    return withPort({ host }, port, item);
  }
  // A bare IPv6 address has several colons and no port (write [addr]:port for one).
  if (isIpv6(item)) return { host: item };
  const [host = '', port, ...rest] = item.split(':');
  if (rest.length > 0 || !(isIpv4(host) || dnsName.test(host)))
    throw new Error(`"${item}" is not host[:port] (an IPv6 address with a port is [addr]:port)`);
  return withPort({ host }, port, item);
}

function withPort(entry: TrunkHostEntry, port: string | undefined, item: string): TrunkHostEntry {
  if (port === undefined) return entry;
  const value = Number(port);
  if (!/^\d{1,5}$/.test(port) || value < 1 || value > 65535)
    throw new Error(`"${item}": port must be 1 to 65535`);
  return { ...entry, port: value };
}

/** MEDIA_TRUNK_HOSTS: the parsed list, or an issue naming the entry at fault. */
export const TrunkHostListSchema = z.string().transform((text, ctx): TrunkHostEntry[] => {
  try {
    return parseTrunkHostList(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

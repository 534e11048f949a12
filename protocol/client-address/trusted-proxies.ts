import { BlockList } from 'node:net';
import { ipFamily } from './ip-address.ts';
import { parseProxyCidr } from './proxy-cidr.ts';

/** The reverse proxies whose X-Forwarded-For hops are believed. */
export interface TrustedProxies {
  /** True when the address is one of the proxies (an IPv4-mapped IPv6 form matches too). */
  includes(address: string): boolean;
}

/**
 * The proxies in `cidrs` (entries as protocol/config/trusted-proxies.ts accepts them). Node's
 * BlockList does the prefix matching, IPv4-mapped IPv6 addresses included.
 */
export function trustedProxies(cidrs: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of cidrs) {
    const cidr = parseProxyCidr(entry);
    // The config refused such an entry at start-up; anything else calling this is a bug.
    if (!cidr) throw new RangeError(`"${entry}" is not an IP address or CIDR`);
    list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return {
    includes(address) {
      const family = ipFamily(address);
      return family !== undefined && list.check(address, family);
    },
  };
}

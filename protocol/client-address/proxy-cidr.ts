import { formattedIp, ipFamily, type IpFamily } from './ip-address.ts';

/** One entry of a trusted-proxy list: an address block. */
export interface ProxyCidr {
  address: string;
  prefix: number;
  family: IpFamily;
}

/**
 * `10.0.0.0/8`, `2001:db8::/32`, or a bare address (one host: /32 or /128). Host bits
 * after the prefix are allowed and ignored, as nginx's `set_real_ip_from` does. Undefined
 * when the entry is not one of these.
 */
export function parseProxyCidr(entry: string): ProxyCidr | undefined {
  const [text = '', prefixText, ...rest] = entry.trim().split('/');
  const family = ipFamily(text);
  if (!family || rest.length > 0) return undefined;
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (prefix > maxPrefix) return undefined;
  // Not canonicalIp's IPv4 form: `::ffff:10.0.0.0/104` counts its prefix in IPv6 bits.
  return { address: formattedIp(text)!, prefix, family };
}

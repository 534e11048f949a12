import { z } from 'zod';
import { parseProxyCidr } from '../client-address/proxy-cidr.ts';

/**
 * A comma-separated list of the reverse proxies in front of a service, as CIDRs
 * (`10.0.0.0/8, 2001:db8::/32`; a bare address is one host), parsed into `address/prefix`
 * entries. Empty: X-Forwarded-For is ignored and the socket's peer is the client. An entry
 * that is not an address block fails start-up, named.
 */
export const TrustedProxiesSchema = z
  .string()
  .default('')
  .transform((list, ctx) => {
    const entries = list
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    return entries.flatMap((entry) => {
      const cidr = parseProxyCidr(entry);
      if (cidr) return [`${cidr.address}/${cidr.prefix}`];
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not an IP address or CIDR (e.g. 10.0.0.0/8, 2001:db8::/32)`,
      });
      return [];
    });
  });

/**
 * The PROXY protocol switch and what it needs: accepted from the trusted proxies only, so a
 * service that takes it without any would trust no one and refuse every connection.
 */
export const ProxyProtocolSchema = z.stringbool().default(false);

/** A superRefine step: `proxyProtocol` on with an empty `trustedProxies` fails start-up. */
export function checkProxyProtocol(
  config: { proxyProtocol: boolean; trustedProxies: string[] },
  ctx: z.RefinementCtx,
  trustedProxiesVariable: string,
): void {
  if (config.proxyProtocol && config.trustedProxies.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['proxyProtocol'],
      message: `needs ${trustedProxiesVariable}, the load balancers allowed to send PROXY headers`,
    });
  }
}

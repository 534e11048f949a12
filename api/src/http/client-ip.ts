import type { Context } from 'hono';
import { clientAddress } from '../../../protocol/client-address/client-address.ts';
import type { TrustedProxies } from '../../../protocol/client-address/trusted-proxies.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The visitor's IP: the socket's peer, or behind trusted proxies the address the nearest
 * untrusted hop of X-Forwarded-For names (protocol/client-address/client-address.ts).
 */
export function clientIp(c: Context, proxies: TrustedProxies): string | undefined {
  return clientAddress(
    {
      peer: (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress,
      forwardedFor: c.req.header('x-forwarded-for'),
    },
    proxies,
  );
}

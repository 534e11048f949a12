import type { Context } from 'hono';
import type { TrustedProxies } from '../../../protocol/client-address/trusted-proxies.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * Whether the supervisor's cookies carry `Secure` on this request: always when
 * API_SECURE_COOKIES is on (the default), and otherwise whenever the request reached us over
 * HTTPS: our own URL is https, or the socket peer is a trusted reverse proxy
 * (API_TRUSTED_PROXIES) whose X-Forwarded-Proto says https. So a cookie handed out over
 * HTTPS is never sent back in clear, even when the setting was left off from plain-HTTP
 * development. The header is believed from trusted proxies only; believing it from anyone
 * would add `Secure` at worst, but what a visitor writes is never an input here.
 */
export function cookieSecurity(secureCookies: boolean, proxies: TrustedProxies) {
  return (c: Context): boolean => {
    if (secureCookies || new URL(c.req.url).protocol === 'https:') return true;
    const peer = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
    if (peer === undefined || !proxies.includes(peer)) return false;
    // One value per proxy that set it; nginx writes its own scheme (infra/deploy/nginx/).
    const proto = c.req.header('x-forwarded-proto') ?? '';
    return proto.split(',').some((scheme) => scheme.trim().toLowerCase() === 'https');
  };
}

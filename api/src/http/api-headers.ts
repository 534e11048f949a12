import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

const securityHeaders: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  // The widget on the customer's pages reads these responses.
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
  // Session and call tokens must never sit in a cache.
  ['Cache-Control', 'no-store'],
];

/**
 * CORS for the sites' allowed origins and the API's security headers. hono's cors and
 * secureHeaders write to `c.res` around the handler, which makes @hono/node-server build a
 * full web Response and copy every header: measured, that was a large share of a call-token
 * request. Headers set here with `c.header()` before the handler go straight into its
 * response. Preflights still go through hono's cors.
 */
export function apiHeaders(isAllowedOrigin: (origin: string) => boolean): MiddlewareHandler {
  const preflight = cors({
    origin: (origin) => (isAllowedOrigin(origin) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    maxAge: 600,
  });
  return async function apiHeadersMiddleware(c, next) {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('origin');
    if (origin && isAllowedOrigin(origin)) c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
    for (const [name, value] of securityHeaders) c.header(name, value);
    await next();
  };
}

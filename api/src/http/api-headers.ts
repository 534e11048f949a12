import type { ServerResponse } from 'node:http';
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

interface NodeBindings {
  outgoing?: ServerResponse;
}

/**
 * CORS for the sites' allowed origins and the API's security headers. hono's cors and
 * secureHeaders write to `c.res` around the handler, which makes @hono/node-server build a
 * full web Response and copy every header: measured, that was a large share of a call-token
 * request. Served by Node, the headers go straight onto Node's response, which merges them
 * when the handler's response is written; headers the handler sets itself still win. Without
 * Node (app.request() in tests) they go through `c.header()`. Preflights go through hono's
 * cors.
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
    const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
    const set = outgoing
      ? (name: string, value: string) => outgoing.setHeader(name, value)
      : (name: string, value: string) => c.header(name, value);
    const origin = c.req.header('origin');
    if (origin && isAllowedOrigin(origin)) set('Access-Control-Allow-Origin', origin);
    set('Vary', 'Origin');
    for (const [name, value] of securityHeaders) set(name, value);
    await next();
  };
}

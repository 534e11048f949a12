import type { Context } from 'hono';

/**
 * The session's `Authorization: Bearer` header, documented as an OpenAPI parameter rather
 * than validated by a zod header schema: a header is always a string (bearer.ts checks its
 * shape), and zod-openapi's header validation first copies every request header into a web
 * Headers object, which measured about a tenth of a call-token request.
 */
export const sessionHeaderParameter = {
  name: 'authorization',
  in: 'header',
  required: false,
  description: 'Bearer <session token>',
  schema: { type: 'string', description: 'Bearer <session token>' },
} as const;

export const sessionAuthorization = (c: Context): string | undefined =>
  c.req.header('authorization');

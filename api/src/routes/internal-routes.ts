import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../protocol/api/api-error.ts';
import { CallEventSchema } from '../../../protocol/api/call-event.ts';
import { DialTargetsSchema } from '../../../protocol/api/dial-targets.ts';
import type { ApiDeps } from '../api-deps.ts';
import { recordCallEvent } from '../calls/record-call-event.ts';
import { serviceAuth } from '../http/service-auth.ts';
import { validationHook } from '../http/validation-hook.ts';
import { dialTargets } from '../sites/dial-targets.ts';

const errorContent = { 'application/json': { schema: ApiErrorSchema } };
const EventReceiptSchema = z
  .strictObject({ outcome: z.enum(['applied', 'duplicate']) })
  .meta({ id: 'CallEventReceipt' });

const callEventRoute = (serviceToken: string | undefined) =>
  createRoute({
    method: 'post',
    // Authenticate before validating: an unauthenticated caller learns nothing of the schema.
    middleware: [serviceAuth(serviceToken)] as const,
    path: '/v1/internal/call-events',
    security: [{ service: [] }],
    request: {
      body: { required: true, content: { 'application/json': { schema: CallEventSchema } } },
    },
    responses: {
      202: {
        description: 'Stored',
        content: { 'application/json': { schema: EventReceiptSchema } },
      },
      200: {
        description: 'Already stored (a retry)',
        content: { 'application/json': { schema: EventReceiptSchema } },
      },
      400: { description: 'Error', content: errorContent },
      401: { description: 'Error', content: errorContent },
    },
  });

const dialTargetsRoute = (serviceToken: string | undefined) =>
  createRoute({
    method: 'get',
    middleware: [serviceAuth(serviceToken)] as const,
    path: '/v1/internal/dial-targets',
    security: [{ service: [] }],
    request: {
      headers: z.object({
        /** The ETag of the list the gateway holds: 304 while it is still current. */
        'if-none-match': z.string().max(512).optional(),
      }),
    },
    responses: {
      200: {
        description: 'The SIP URIs the gateway may dial, per site (toll-fraud guard)',
        content: { 'application/json': { schema: DialTargetsSchema } },
      },
      304: { description: 'The list named by If-None-Match is still current' },
      401: { description: 'Error', content: errorContent },
    },
  });

/** Whether an If-None-Match header names `etag` (RFC 9110 13.1.2: weak comparison, or `*`). */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * media/ -> api/, authenticated with the shared service token: call events, and the dial
 * targets the gateway allows (polled with If-None-Match, so an unchanged list costs a 304).
 */
export function internalRoutes(deps: ApiDeps, serviceToken: string | undefined) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(callEventRoute(serviceToken), async (c) => {
      const outcome = await recordCallEvent(deps, c.req.valid('json'));
      if (outcome === 'duplicate') return c.json({ outcome }, 200);
      return c.json({ outcome: 'applied' as const }, 202);
    })
    .openapi(dialTargetsRoute(serviceToken), (c) => {
      const targets = dialTargets(deps.sites.all());
      const etag = `"${targets.version}"`;
      // no-cache: anything between the gateway and here asks again (the sites file may change).
      const headers = { etag, 'cache-control': 'no-cache' };
      if (matchesEtag(c.req.valid('header')['if-none-match'], etag)) {
        return c.body(null, 304, headers);
      }
      return c.json(targets, 200, headers);
    });
}

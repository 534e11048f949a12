import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../protocol/api/api-error.ts';
import { CallEventSchema } from '../../../protocol/api/call-event.ts';
import type { ApiDeps } from '../api-deps.ts';
import { recordCallEvent } from '../calls/record-call-event.ts';
import { serviceAuth } from '../http/service-auth.ts';
import { validationHook } from '../http/validation-hook.ts';

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

/** media/ -> api/: call events, authenticated with the shared service token. */
export function internalRoutes(deps: ApiDeps, serviceToken: string | undefined) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(
    callEventRoute(serviceToken),
    async (c) => {
      const outcome = await recordCallEvent(deps, c.req.valid('json'));
      if (outcome === 'duplicate') return c.json({ outcome }, 200);
      return c.json({ outcome: 'applied' as const }, 202);
    },
  );
}

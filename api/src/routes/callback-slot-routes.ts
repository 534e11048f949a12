import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { ApiErrorSchema } from '../../../protocol/api/api-error.ts';
import {
  CallbackSlotsRequestSchema,
  CallbackSlotsSchema,
} from '../../../protocol/api/callback-slots.ts';
import type { ApiDeps } from '../api-deps.ts';
import { listCallbackSlots } from '../callbacks/list-callback-slots.ts';
import { validationHook } from '../http/validation-hook.ts';
import type { FactsOf } from './request-facts.ts';
import { sessionAuthorization, sessionHeaderParameter } from './session-header.ts';

const errorContent = { 'application/json': { schema: ApiErrorSchema } };

const slotsRoute = createRoute({
  method: 'post',
  path: '/v1/callback-slots',
  security: [{ session: [] }],
  parameters: [sessionHeaderParameter],
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: CallbackSlotsRequestSchema } },
    },
  },
  responses: {
    200: {
      description:
        "The times a callback may be asked for: inside the queue's business hours, holidays skipped, never past",
      content: { 'application/json': { schema: CallbackSlotsSchema } },
    },
    ...Object.fromEntries(
      [400, 401, 403, 413, 415, 422].map((status) => [
        status,
        { description: 'Error', content: errorContent },
      ]),
    ),
  },
});

/** The callback form's choice of times. */
export function callbackSlotRoutes(deps: ApiDeps, factsOf: FactsOf) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(slotsRoute, async (c) => {
    const slots = await listCallbackSlots(
      deps,
      sessionAuthorization(c),
      c.req.valid('json').routing,
      factsOf(c),
    );
    return c.json(slots, 200);
  });
}

import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../protocol/api/api-error.ts';
import {
  CallbackReceiptSchema,
  CallbackRequestBodySchema,
} from '../../../protocol/api/callback-request.ts';
import { IdempotencyKeySchema } from '../../../protocol/api/ids.ts';
import { RatingRequestSchema, RatingSchema } from '../../../protocol/api/rating.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requestCallback } from '../callbacks/request-callback.ts';
import { validationHook } from '../http/validation-hook.ts';
import { submitRating, type RatingOutcome } from '../ratings/submit-rating.ts';
import type { FactsOf } from './request-facts.ts';

const IdempotentHeadersSchema = z.object({
  authorization: z.string().optional().meta({ description: 'Bearer <session token>' }),
  'idempotency-key': IdempotencyKeySchema,
});
const errorContent = { 'application/json': { schema: ApiErrorSchema } };
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [status, { description: 'Error', content: errorContent }]),
  );

const ratingRoute = createRoute({
  method: 'post',
  path: '/v1/calls/{callId}/rating',
  security: [{ session: [] }],
  request: {
    params: z.object({ callId: z.uuid() }),
    headers: IdempotentHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: RatingRequestSchema } } },
  },
  responses: {
    201: { description: 'Stored', content: { 'application/json': { schema: RatingSchema } } },
    200: {
      description: 'A retry: the stored rating',
      content: { 'application/json': { schema: RatingSchema } },
    },
    202: {
      description:
        "Held: media has not yet reported the call answered (its reports are late, e.g. after an API restart). Stored once it does, if the call was answered and this session's; dropped if not, or if no report comes within a day",
      content: { 'application/json': { schema: RatingSchema } },
    },
    ...errors(400, 401, 403, 404, 409, 413, 415, 503),
  },
});
const callbackRoute = createRoute({
  method: 'post',
  path: '/v1/callbacks',
  security: [{ session: [] }],
  request: {
    headers: IdempotentHeadersSchema,
    body: {
      required: true,
      content: { 'application/json': { schema: CallbackRequestBodySchema } },
    },
  },
  responses: {
    201: {
      description:
        "Stored. A callId whose call media has not reported yet is linked once it does, if the call is this session's",
      content: { 'application/json': { schema: CallbackReceiptSchema } },
    },
    200: {
      description: 'A retry: the stored request',
      content: { 'application/json': { schema: CallbackReceiptSchema } },
    },
    ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
  },
});

const ratingStatus = { created: 201, replayed: 200, held: 202 } as const satisfies Record<
  RatingOutcome,
  number
>;

/** What the widget sends after (or instead of) a call: a rating, a callback request. */
export function afterCallRoutes(deps: ApiDeps, factsOf: FactsOf) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(ratingRoute, async (c) => {
      const headers = c.req.valid('header');
      const { outcome, rating } = await submitRating(
        deps,
        headers.authorization,
        headers['idempotency-key'],
        c.req.valid('param').callId,
        c.req.valid('json'),
        factsOf(c),
      );
      return c.json(rating, ratingStatus[outcome]);
    })
    .openapi(callbackRoute, async (c) => {
      const headers = c.req.valid('header');
      const { created, receipt } = await requestCallback(
        deps,
        headers.authorization,
        headers['idempotency-key'],
        c.req.valid('json'),
        factsOf(c),
      );
      return c.json(receipt, created ? 201 : 200);
    });
}

import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { ApiErrorSchema } from '../../../protocol/api/api-error.ts';
import { ConnectionTestGrantSchema } from '../../../protocol/api/connection-test.ts';
import type { ApiDeps } from '../api-deps.ts';
import { grantConnectionTest } from '../connection-tests/grant-connection-test.ts';
import { validationHook } from '../http/validation-hook.ts';
import type { FactsOf } from './request-facts.ts';
import { sessionAuthorization, sessionHeaderParameter } from './session-header.ts';

const errorContent = { 'application/json': { schema: ApiErrorSchema } };
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [status, { description: 'Error', content: errorContent }]),
  );

const grantRoute = createRoute({
  method: 'post',
  path: '/v1/connection-tests',
  security: [{ session: [] }],
  parameters: [sessionHeaderParameter],
  responses: {
    201: {
      description: 'A probe token for one connection test at the media gateway',
      content: { 'application/json': { schema: ConnectionTestGrantSchema } },
    },
    ...errors(401, 403, 415, 429, 503),
  },
});

/** The widget's connection test: a probe token for the gateway (after the captcha). */
export function connectionTestRoutes(deps: ApiDeps, factsOf: FactsOf) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(grantRoute, async (c) => {
    return c.json(await grantConnectionTest(deps, sessionAuthorization(c), factsOf(c)), 201);
  });
}

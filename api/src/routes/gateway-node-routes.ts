import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../protocol/api/api-error.ts';
import {
  GatewayAnnouncementSchema,
  GatewayNodeIdSchema,
  GatewayNodeListSchema,
} from '../../../protocol/api/gateway-announcement.ts';
import type { ApiDeps } from '../api-deps.ts';
import { isFresh } from '../gateways/choose-gateway-node.ts';
import { serviceAuth } from '../http/service-auth.ts';
import { validationHook } from '../http/validation-hook.ts';

const errorContent = { 'application/json': { schema: ApiErrorSchema } };
const refusals = {
  400: { description: 'Error', content: errorContent },
  401: { description: 'Error', content: errorContent },
};

const announceRoute = (serviceToken: string | undefined) =>
  createRoute({
    method: 'post',
    path: '/v1/internal/gateway-nodes',
    middleware: [serviceAuth(serviceToken)] as const,
    security: [{ service: [] }],
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: GatewayAnnouncementSchema } },
      },
    },
    responses: { 204: { description: 'Announced' }, ...refusals },
  });

const goodbyeRoute = (serviceToken: string | undefined) =>
  createRoute({
    method: 'delete',
    path: '/v1/internal/gateway-nodes/{nodeId}',
    middleware: [serviceAuth(serviceToken)] as const,
    security: [{ service: [] }],
    request: { params: z.object({ nodeId: GatewayNodeIdSchema }) },
    responses: { 204: { description: 'Forgotten (or never known)' }, ...refusals },
  });

const listRoute = (serviceToken: string | undefined) =>
  createRoute({
    method: 'get',
    path: '/v1/internal/gateway-nodes',
    middleware: [serviceAuth(serviceToken)] as const,
    security: [{ service: [] }],
    responses: {
      200: {
        description: 'The nodes calls are placed among',
        content: { 'application/json': { schema: GatewayNodeListSchema } },
      },
      401: refusals[401],
    },
  });

/**
 * media/ -> api/: gateway nodes announce themselves, and say goodbye when they stop; the
 * nodes the API knows can be listed with the same service token.
 */
export function gatewayNodeRoutes(
  deps: ApiDeps,
  { serviceToken, ttlMs }: { serviceToken: string | undefined; ttlMs: number },
) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(announceRoute(serviceToken), async (c) => {
      const now = deps.now();
      const announcement = c.req.valid('json');
      await deps.repo.recordGatewayAnnouncement(announcement, now, new Date(now.getTime() - ttlMs));
      deps.gateways.changed(announcement.nodeId);
      return c.body(null, 204);
    })
    .openapi(listRoute(serviceToken), async (c) => {
      const rules = { now: deps.now(), ttlMs };
      const nodes = (await deps.repo.listGatewayNodes()).filter((node) => isFresh(node, rules));
      return c.json(
        { nodes: nodes.map((node) => ({ ...node, announcedAt: node.announcedAt.toISOString() })) },
        200,
      );
    })
    .openapi(goodbyeRoute(serviceToken), async (c) => {
      const { nodeId } = c.req.valid('param');
      await deps.repo.forgetGatewayNode(nodeId);
      deps.gateways.changed(nodeId);
      deps.logger.info({ nodeId }, 'gateway node said goodbye');
      return c.body(null, 204);
    });
}

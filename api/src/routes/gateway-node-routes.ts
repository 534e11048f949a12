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
import { endCallsOfGoneGateway } from '../gateways/end-calls-of-gone-gateways.ts';
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

export interface GatewayNodeRouteOptions {
  serviceToken: string | undefined;
  /** API_GATEWAY_TTL_MS: nodes silent for longer are not listed, and placed on no more. */
  ttlMs: number;
  /** API_GATEWAY_LOST_AFTER_MS: a node's row is kept this long, to tell when it is lost. */
  lostAfterMs: number;
}

/**
 * media/ -> api/: gateway nodes announce themselves, and say goodbye when they stop; the
 * nodes the API knows can be listed with the same service token. A node announcing another
 * boot id than its open calls were made under has restarted: those calls died with the
 * process before it could report them, and their records are ended at once.
 */
export function gatewayNodeRoutes(
  deps: ApiDeps,
  { serviceToken, ttlMs, lostAfterMs }: GatewayNodeRouteOptions,
) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(announceRoute(serviceToken), async (c) => {
      const now = deps.now();
      const announcement = c.req.valid('json');
      const forgetBefore = new Date(now.getTime() - Math.max(ttlMs, lostAfterMs));
      await deps.repo.recordGatewayAnnouncement(announcement, now, forgetBefore);
      deps.gateways.changed(announcement.nodeId);
      if (announcement.bootId) await endCallsOfRestartedNode(deps, announcement.nodeId, now);
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

/**
 * Ends the open calls of the node's earlier processes (a batch per announcement; the next
 * ones and the API's sweep go on). A failure here is the node's announcement all the same:
 * it is logged, and the next announcement tries again.
 */
async function endCallsOfRestartedNode(deps: ApiDeps, nodeId: string, now: Date) {
  const cause = 'gateway_restarted';
  try {
    const ended = await endCallsOfGoneGateway(deps.repo, { cause, nodeId }, now);
    if (ended.length === 0) return;
    deps.metrics.callsEndedForGoneGateway.inc({ cause }, ended.length);
    deps.logger.warn(
      { nodeId, cause, calls: ended.length },
      'gateway node restarted; its earlier calls ended as connection_lost',
    );
  } catch (error) {
    deps.logger.warn(
      { nodeId, err: error },
      'ending the calls of a restarted gateway failed; retried at its next announcement',
    );
  }
}

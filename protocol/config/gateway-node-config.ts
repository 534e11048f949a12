import { hostname } from 'node:os';
import { z } from 'zod';
import { GatewayNodeIdSchema, GatewayPublicUrlSchema } from '../api/gateway-announcement.ts';

/**
 * The gateway's place in a pool of gateway nodes (media-config.ts spreads these fields in):
 * with MEDIA_PUBLIC_URL set, the gateway announces itself to the API, which places calls on
 * it and binds their tokens to its node id; unset, it stands alone, as a site that pins its
 * gateway URL uses it.
 */
export const gatewayNodeFields = {
  /**
   * The node's name, which the tokens placed on it carry (`node` claim). Unset: this host's
   * name and the gateway's port (`media-1:8090`), unique as long as no two gateways share both.
   */
  nodeId: GatewayNodeIdSchema.optional(),
  /**
   * The SIP WebSocket URL browsers dial to reach this node, as they see it (behind nginx with
   * the node's prefix: `wss://cc.example.com/media/node-2/sip`). Set: the gateway announces
   * itself and takes only tokens bound to it. Unset: it does not announce itself.
   */
  publicUrl: GatewayPublicUrlSchema.optional(),
  /**
   * Most calls at once the API is to place on this node. Unset: 60 per mediasoup worker, the
   * sizing docs/deploy.md measured (about 60 per core, with headroom for set-up bursts).
   */
  maxCalls: z.coerce.number().int().min(1).max(100_000).optional(),
  /**
   * How often the node announces itself (and at once when it starts draining). Keep it well
   * under the API's API_GATEWAY_TTL_MS, after which a silent node is forgotten.
   */
  announceIntervalMs: z.coerce.number().int().min(250).max(60_000).default(2000),
};

/** Calls per mediasoup worker (one core) when MEDIA_MAX_CALLS is unset. */
const callsPerWorker = 60;

interface GatewayNodeInput {
  port: number;
  maxCalls?: number | undefined;
  workers?: number | undefined;
  nodeId?: string | undefined;
  publicUrl?: string | undefined;
  apiServiceToken?: string | undefined;
}

/** A node id from the host's name and the port, within GatewayNodeIdSchema's alphabet. */
export function derivedNodeId(host: string, port: number): string {
  const safeHost = host.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return `${safeHost.slice(0, 56) || 'gateway'}:${port}`;
}

/**
 * Fills in the node id and its capacity, and refuses to announce without the token the API
 * asks for.
 */
export function gatewayNodeDefaults<Config extends GatewayNodeInput>(
  config: Config,
  ctx: z.RefinementCtx,
) {
  if (config.publicUrl !== undefined && config.apiServiceToken === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['apiServiceToken'],
      message: 'is needed to announce the node to the API (MEDIA_PUBLIC_URL is set)',
    });
  }
  return {
    ...config,
    nodeId: config.nodeId ?? derivedNodeId(hostname(), config.port),
    maxCalls: config.maxCalls ?? callsPerWorker * (config.workers ?? 1),
  };
}

import { z } from 'zod';

/**
 * A gateway node's name (MEDIA_NODE_ID): what call and probe tokens are bound to (their
 * `node` claim), and the key the API keeps the node under. Safe in logs and URLs.
 */
export const GatewayNodeIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/,
    'must be 1 to 64 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
  );

/**
 * The SIP WebSocket URL browsers dial to reach one gateway node, as they see it: behind the
 * reverse proxy it carries the node's prefix (`wss://cc.example.com/media/node-2/sip`). Its
 * connection test is found beside it (api/src/connection-tests/connection-test-url.ts).
 */
export const GatewayPublicUrlSchema = z.url({ protocol: /^wss?$/ }).max(512);

/**
 * One run of a gateway process: a random id it draws at start. A node announcing another boot
 * id than its calls were made under has restarted, and the API ends those calls' records
 * (api/src/gateways/end-calls-of-gone-gateways.ts). Safe in logs: it names nothing.
 */
export const GatewayBootIdSchema = z.uuid();

/**
 * POST /v1/internal/gateway-nodes (with the service token): a gateway node says it is alive,
 * every few seconds and at once when it starts draining. The API places calls among the nodes
 * that announced within API_GATEWAY_TTL_MS, are not draining and have room; a node that stops
 * announcing is forgotten after that time. A node that stops cleanly says goodbye with
 * DELETE /v1/internal/gateway-nodes/{nodeId}.
 */
export const GatewayAnnouncementSchema = z
  .strictObject({
    nodeId: GatewayNodeIdSchema,
    publicUrl: GatewayPublicUrlSchema,
    /** Most calls the node wants at once (MEDIA_MAX_CALLS): the API places no more on it. */
    capacity: z.int().min(1).max(100_000),
    /** Calls the node carries now, from their token check to their end. */
    callsInProgress: z.int().min(0).max(1_000_000),
    /** The node is shutting down: it keeps its calls and must be given no new one. */
    draining: z.boolean(),
    /**
     * The process's boot id, the same in its `created` call events. Optional: a gateway older
     * than it is still placed on during a rolling upgrade; its restarts go unnoticed.
     */
    bootId: GatewayBootIdSchema.optional(),
  })
  .meta({ id: 'GatewayAnnouncement' });
export type GatewayAnnouncement = z.infer<typeof GatewayAnnouncementSchema>;

/**
 * GET /v1/internal/gateway-nodes (with the service token): the nodes the API places calls
 * among now, each as it last announced itself; a node silent for longer than the TTL is not
 * listed (forgotten). For operators' monitoring and the rig's tests.
 */
export const GatewayNodeListSchema = z
  .strictObject({
    nodes: z.array(
      GatewayAnnouncementSchema.extend({
        /** When its latest announcement reached an API instance. */
        announcedAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'GatewayNodeList' });

import { z } from 'zod';
import { GatewayNodeIdSchema } from './gateway-announcement.ts';
import { IceServersSchema } from './ice-server.ts';

/** The widget's connection test on the path the call will use ("Acceptable" gauge). */
export const ConnectionTestSchema = z
  .strictObject({
    verdict: z.enum(['good', 'acceptable', 'poor', 'failed']),
    /** Packet loss in percent. */
    lossPct: z.number().min(0).max(100),
    /** Round-trip time in milliseconds. */
    rttMs: z.number().min(0).max(60_000),
    /** Jitter in milliseconds. */
    jitterMs: z.number().min(0).max(60_000),
    /**
     * How the browser reached the gateway: over UDP, or only over TCP (a firewall drops UDP;
     * voice then suffers more from any loss). Absent when no connection was made.
     */
    transport: z.enum(['udp', 'tcp']).optional(),
  })
  .meta({ id: 'ConnectionTest' });
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

/**
 * POST /v1/connection-tests (with the session token): what the widget needs to run a
 * connection test against the media gateway.
 */
export const ConnectionTestGrantSchema = z
  .strictObject({
    /** Bearer token for the gateway's connection-test endpoint: one test, short-lived. */
    probeToken: z.string(),
    expiresAt: z.iso.datetime(),
    /** The connection-test endpoint of the gateway the API placed the test on. */
    testUrl: z.url({ protocol: /^https?$/ }),
    /**
     * The gateway node the test runs on, when the API placed it on an announcing node: the
     * widget names it when it asks for the call (`gatewayNode`), to be placed there too.
     */
    gatewayNode: GatewayNodeIdSchema.optional(),
    /** STUN/TURN servers for the test's RTCPeerConnection: the path the call will take. */
    iceServers: IceServersSchema,
  })
  .meta({ id: 'ConnectionTestGrant' });
export type ConnectionTestGrant = z.infer<typeof ConnectionTestGrantSchema>;

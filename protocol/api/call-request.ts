import { z } from 'zod';
import { RoutingDataSchema } from '../call-token.ts';
import { ConsentAcceptanceSchema } from './consent-notice.ts';
import { ConnectionTestSchema } from './connection-test.ts';
import { GatewayNodeIdSchema, GatewayPublicUrlSchema } from './gateway-announcement.ts';
import { OpeningHoursSchema } from './business-hours.ts';
import { E164Schema } from './ids.ts';
import { IceServersSchema } from './ice-server.ts';

/** POST /v1/calls (with the session token): the visitor presses CLICK TO CALL. */
export const CreateCallRequestSchema = z
  .strictObject({
    routing: RoutingDataSchema,
    /** The connection test the widget ran just before (reported on the call record). */
    connectionTest: ConnectionTestSchema.optional(),
    /**
     * The gateway node that connection test ran on (its grant's `gatewayNode`): the API
     * places the call there too while that node is up and has room, so the test measured the
     * call's own path; otherwise on the least loaded node.
     */
    gatewayNode: GatewayNodeIdSchema.optional(),
    /** The site's notice the visitor accepted, when the site has one (required then). */
    consent: ConsentAcceptanceSchema.optional(),
  })
  .meta({ id: 'CreateCallRequest' });
export type CreateCallRequest = z.infer<typeof CreateCallRequestSchema>;

/** The visitor may call now: present `callToken` to the media gateway with the INVITE. */
export const CallGrantSchema = z
  .strictObject({
    kind: z.literal('call'),
    callId: z.uuid(),
    callToken: z.string(),
    /**
     * The SIP WebSocket to call: the gateway node the API placed the call on (the only one
     * that accepts `callToken`), or the site's own gateway.
     */
    gatewayUrl: GatewayPublicUrlSchema,
    expiresAt: z.iso.datetime(),
    queueDisplayName: z.string(),
    /** The queue's id in the sites file, e.g. "support-en" (for the page's analytics). */
    queue: z.string(),
    /** STUN/TURN servers for the call's RTCPeerConnection (TURN credential minted now). */
    iceServers: IceServersSchema,
  })
  .meta({ id: 'CallGrant' });

/** Nobody can take the call now: the widget offers a callback (and the fallback number). */
export const CallbackOfferSchema = z
  .strictObject({
    kind: z.literal('callback'),
    reason: z.enum(['closed', 'no_route']),
    /** The queue the callback would go to, when one matched (closed hours). */
    queue: z.string().optional(),
    fallbackNumber: E164Schema.optional(),
    /** Closed hours: when that queue takes calls, for the visitor to come back then. */
    openingHours: OpeningHoursSchema.optional(),
  })
  .meta({ id: 'CallbackOffer' });
export type CallbackOffer = z.infer<typeof CallbackOfferSchema>;

export const CreateCallResponseSchema = z
  .discriminatedUnion('kind', [CallGrantSchema, CallbackOfferSchema])
  .meta({ id: 'CreateCallResponse' });
export type CreateCallResponse = z.infer<typeof CreateCallResponseSchema>;

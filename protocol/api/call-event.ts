import { z } from 'zod';
import { callEndCodes } from '../call-end-reason.ts';
import { CallTokenClaimsSchema } from '../call-token.ts';
import { GatewayBootIdSchema } from './gateway-announcement.ts';

/** Why a call ended (protocol/call-end-reason.ts has the table). */
const CallEndCodeSchema = z.enum(callEndCodes);

/**
 * What media/ reports about a call, POSTed to /v1/internal/call-events with the service
 * bearer token. `eventId` makes a retry harmless. `created` makes the call's record (media
 * sends each call's events in order, `created` first, but behind a load balancer they may
 * reach different API instances in any order: an event ahead of its `created` is held and
 * applied when it comes); the call then moves
 *
 *   created --ringing--> ringing --answered--> answered --ended--> ended
 *      \__________________\______________________________ended____/
 *
 * and never backwards: a late `ringing` after `answered` is stored but does not move it.
 */
const base = {
  eventId: z.uuid(),
  callId: z.uuid(),
  /** When it happened at the gateway. */
  at: z.iso.datetime(),
};

/**
 * One direction of a call's audio as the gateway received it, rated for whoever listens at
 * the other end (media/src/engine/in-call-quality.ts).
 */
export const DirectionQualitySchema = z
  .strictObject({
    /** Estimated MOS (ITU-T G.107 E-model, Annex B), 1 to 4.5. */
    mos: z.number().min(1).max(5),
    /** Packets lost on the way to the gateway, percent. */
    lossPct: z.number().min(0).max(100),
    /** RFC 3550 interarrival jitter, ms. */
    jitterMs: z.number().min(0).max(60_000),
  })
  .meta({ id: 'DirectionQuality' });
export type DirectionQuality = z.infer<typeof DirectionQualitySchema>;

/**
 * The audio quality media measured during a call, from the streams it received (the visitor's
 * and the agent's), each figure the worse direction's (media/src/engine/in-call-quality.ts),
 * and each direction's own figures, to tell whose line was at fault.
 */
export const QualityFiguresSchema = z
  .strictObject({
    /** Estimated MOS (ITU-T G.107 E-model, Annex B), 1 to 4.5. */
    mos: z.number().min(1).max(5).optional(),
    /** Packets lost on the way to the gateway, percent. */
    lossPct: z.number().min(0).max(100).optional(),
    /** RFC 3550 interarrival jitter, ms. */
    jitterMs: z.number().min(0).max(60_000).optional(),
    /** Round trip to the visitor (and to the PBX, when it sends RTCP), ms. */
    rttMs: z.number().min(0).max(60_000).optional(),
    /** The visitor's voice, browser to gateway: what the agent hears. Absent: none arrived. */
    visitorToAgent: DirectionQualitySchema.optional(),
    /** The agent's voice, PBX to gateway: what the visitor hears. Absent: none arrived. */
    agentToVisitor: DirectionQualitySchema.optional(),
  })
  .meta({ id: 'QualityFigures' });
export type QualityFigures = z.infer<typeof QualityFiguresSchema>;

export const CallEventSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      ...base,
      type: z.literal('created'),
      /**
       * The claims of the call token media accepted: the API makes the call record from them
       * (site, session, queue, routing, connection test). Their callId is the event's.
       */
      claims: CallTokenClaimsSchema,
      /**
       * The boot id of the gateway process carrying the call (as it announces it): when its
       * node announces another, the process is gone and the API ends the call's record.
       * Absent from older gateways.
       */
      bootId: GatewayBootIdSchema.optional(),
    }),
    z.strictObject({ ...base, type: z.literal('ringing') }),
    z.strictObject({
      ...base,
      type: z.literal('answered'),
      codec: z.string().min(1).max(32),
      /** The answering agent's display name, shown to the visitor. */
      agentName: z.string().max(80).optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('ended'),
      /** Why it ended: the same codes the widget shows (protocol/call-end-reason.ts). */
      reason: CallEndCodeSchema,
      /** Talk time in seconds (0 when never answered). */
      durationS: z.number().min(0).max(86_400),
      /** SIP status of the PBX leg when it failed, e.g. 486. */
      sipStatus: z.int().min(100).max(699).optional(),
      quality: QualityFiguresSchema.optional(),
    }),
  ])
  .meta({ id: 'CallEvent' });
export type CallEvent = z.infer<typeof CallEventSchema>;
export type CallEventType = CallEvent['type'];
export type { CallStatus } from '../call-phase.ts';

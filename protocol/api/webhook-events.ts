import { z } from 'zod';
import { callEndCodes, inferredEndCauses, widgetCallEndCodes } from '../call-end-reason.ts';
import { QualityFiguresSchema } from './call-event.ts';
import { ConnectionTestSchema } from './connection-test.ts';
import { E164Schema, QueueNameSchema, SiteIdSchema } from './ids.ts';

// What the API POSTs to the contact center's systems (CRM, ACD, ticketing), signed per the
// Standard Webhooks scheme (docs/webhooks.md). Each payload carries no more personal data
// than its receiver needs: no agent names, no rating comments, no addresses; the one piece of
// personal data is a callback's phone number, which is what a callback.requested is for.

/** The event types an endpoint can subscribe to. */
export const webhookEventTypes = [
  'call.ended',
  'call.abandoned',
  'rating.submitted',
  'callback.requested',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
export const WebhookEventTypeSchema = z.enum(webhookEventTypes);

/** The visitor's choices on the Start screen, as routing used them. */
const routingFields = {
  intent: z.string(),
  language: z.string(),
  country: z.string(),
};

/** Which call, where it went: the fields every call event has. */
const callFields = {
  callId: z.uuid(),
  siteId: SiteIdSchema,
  /** The queue's name in the sites file, and the name supervisors see. */
  queue: QueueNameSchema,
  queueDisplayName: z.string(),
  ...routingFields,
  /** When the call was granted (its token issued). */
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  /** Seconds from the start to the agent's answer, or to the end when nobody answered. */
  waitS: z.number().min(0),
};

/** Why a call ended, as its record keeps it (protocol/call-end-reason.ts). */
const EndReasonSchema = z.enum([...callEndCodes, ...widgetCallEndCodes]);

export const CallEndedDataSchema = z
  .strictObject({
    ...callFields,
    answered: z.boolean(),
    answeredAt: z.iso.datetime().optional(),
    /** Seconds talking to the agent; 0 when nobody answered. */
    talkS: z.number().min(0),
    endReason: EndReasonSchema,
    /**
     * Set when the API ended the record itself, the gateway process carrying the call being
     * gone: the end is an inference. A later call.ended for the same call (another id), from
     * the gateway's own report, then replaces it.
     */
    endInferred: z.enum(inferredEndCauses).optional(),
    /** The SIP status of the PBX leg when it failed, e.g. 486. */
    sipStatus: z.int().optional(),
    /** The visitor's connection test before the call. */
    connectionTest: ConnectionTestSchema.optional(),
    /** Audio quality measured during the call. */
    quality: QualityFiguresSchema.optional(),
  })
  .meta({ id: 'CallEndedData' });
export type CallEndedData = z.infer<typeof CallEndedDataSchema>;

/** A call the visitor hung up before an agent answered (it also has its call.ended). */
export const CallAbandonedDataSchema = z
  .strictObject({
    ...callFields,
    /** Whether an agent's phone had started ringing when the visitor hung up. */
    rang: z.boolean(),
    connectionTest: ConnectionTestSchema.optional(),
  })
  .meta({ id: 'CallAbandonedData' });
export type CallAbandonedData = z.infer<typeof CallAbandonedDataSchema>;

export const RatingSubmittedDataSchema = z
  .strictObject({
    ratingId: z.uuid(),
    callId: z.uuid(),
    siteId: SiteIdSchema,
    queue: QueueNameSchema,
    queueDisplayName: z.string(),
    ...routingFields,
    stars: z.int().min(1).max(5),
    /**
     * Whether the visitor wrote a comment. The comment itself is free text that may name
     * anyone: supervisors read it on their page, it is not sent.
     */
    hasComment: z.boolean(),
    submittedAt: z.iso.datetime(),
  })
  .meta({ id: 'RatingSubmittedData' });
export type RatingSubmittedData = z.infer<typeof RatingSubmittedDataSchema>;

export const CallbackRequestedDataSchema = z
  .strictObject({
    callbackId: z.uuid(),
    siteId: SiteIdSchema,
    /**
     * The number to call back, E.164: personal data (docs/data-protection.md), sent because
     * calling it back is what the receiver is for.
     */
    phone: E164Schema,
    /** The queue routing chose, or null when none would take the call (then the intent says). */
    queue: QueueNameSchema.nullable(),
    ...routingFields,
    /** The window the visitor prefers, when they gave one. */
    windowFrom: z.iso.datetime().optional(),
    windowTo: z.iso.datetime().optional(),
    /** The call it follows (after a low rating, or one the visitor abandoned), when known. */
    callId: z.uuid().optional(),
    requestedAt: z.iso.datetime(),
  })
  .meta({ id: 'CallbackRequestedData' });
export type CallbackRequestedData = z.infer<typeof CallbackRequestedDataSchema>;

/** Every body has the Standard Webhooks shape: its type, when it happened, and its data. */
const envelope = <T extends WebhookEventType, D extends z.ZodType>(type: T, data: D, id: string) =>
  z
    .strictObject({
      type: z.literal(type),
      /** When it happened (the call's end, the rating's or request's submission). */
      timestamp: z.iso.datetime(),
      data,
    })
    .meta({ id });

export const webhookBodySchemas = {
  'call.ended': envelope('call.ended', CallEndedDataSchema, 'CallEndedWebhook'),
  'call.abandoned': envelope('call.abandoned', CallAbandonedDataSchema, 'CallAbandonedWebhook'),
  'rating.submitted': envelope(
    'rating.submitted',
    RatingSubmittedDataSchema,
    'RatingSubmittedWebhook',
  ),
  'callback.requested': envelope(
    'callback.requested',
    CallbackRequestedDataSchema,
    'CallbackRequestedWebhook',
  ),
} as const satisfies Record<WebhookEventType, z.ZodType>;

export const WebhookBodySchema = z.discriminatedUnion('type', [
  webhookBodySchemas['call.ended'],
  webhookBodySchemas['call.abandoned'],
  webhookBodySchemas['rating.submitted'],
  webhookBodySchemas['callback.requested'],
]);
export type WebhookBody = z.infer<typeof WebhookBodySchema>;

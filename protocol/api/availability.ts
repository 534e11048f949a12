import { z } from 'zod';
import { RoutingDataSchema } from '../call-token.ts';
import { CallbackOfferSchema } from './call-request.ts';
import { CallbackSlotSchema } from './callback-slots.ts';
import { ExpectedWaitSchema } from './expected-wait.ts';

/**
 * POST /v1/availability (with the session token): whether the visitor's choices reach an open
 * queue now. The widget asks right after the captcha, so a visitor whose team is closed is
 * offered a callback before the connection test and sound check, not after them. No call
 * token is issued and no limit is spent.
 */
export const AvailabilityRequestSchema = z
  .strictObject({
    routing: RoutingDataSchema,
    /**
     * The visitor's call, while it rings (the widget asks again every few seconds): the
     * expected wait then counts from the call's place in line and the time it has waited.
     */
    callId: z.uuid().optional(),
  })
  .meta({ id: 'AvailabilityRequest' });
export type AvailabilityRequest = z.infer<typeof AvailabilityRequestSchema>;

export const OpenQueueSchema = z
  .strictObject({
    kind: z.literal('open'),
    /** The queue's id in the sites file, e.g. "support-en" (for the page's analytics). */
    queue: z.string(),
    /** The team the visitor will talk to, e.g. "English Technical Support". */
    queueDisplayName: z.string(),
    /** Absent when the queue's recent calls are too few to tell. */
    expectedWait: ExpectedWaitSchema.optional(),
    /**
     * "Call me back instead": present when the queue's agents are all busy and the expected
     * wait reaches the site's `callbacks.offerAfterWaitMinutes`; the first slot a callback
     * may take (POST /v1/callback-slots lists the others).
     */
    callbackInstead: CallbackSlotSchema.optional(),
  })
  .meta({ id: 'OpenQueue' });
export type OpenQueue = z.infer<typeof OpenQueueSchema>;

export const AvailabilitySchema = z
  .discriminatedUnion('kind', [OpenQueueSchema, CallbackOfferSchema])
  .meta({ id: 'Availability' });
export type Availability = z.infer<typeof AvailabilitySchema>;

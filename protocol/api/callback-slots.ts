import { z } from 'zod';
import { RoutingDataSchema } from '../call-token.ts';

/**
 * A site's callback scheduling, in its sites file entry (`callbacks`). The slots the callback
 * form offers fall inside the queue's business hours (holidays skipped), start at least
 * `leadMinutes` from now and end within `days` days; the API refuses any other window.
 */
export const CallbackSettingsSchema = z.strictObject({
  /**
   * "Call me back instead": offered on Start and while ringing when the queue's agents are
   * all busy and the expected wait (as the visitor reads it, in whole minutes) is at least this.
   */
  offerAfterWaitMinutes: z.int().min(1).max(30).default(5),
  /** How long each offered slot is. */
  slotMinutes: z.union([z.literal(15), z.literal(30), z.literal(60), z.literal(120)]).default(30),
  /** How many days ahead slots are offered (today counted). */
  days: z.int().min(1).max(14).default(7),
  /** The first slot starts at least this long from now: time for an agent to see the request. */
  leadMinutes: z.int().min(0).max(240).default(15),
});
export type CallbackSettings = z.infer<typeof CallbackSettingsSchema>;
export const defaultCallbackSettings: CallbackSettings = CallbackSettingsSchema.parse({});

/** One time the visitor may be called back in: `from` inclusive, `to` exclusive. */
export const CallbackSlotSchema = z
  .strictObject({ from: z.iso.datetime(), to: z.iso.datetime() })
  .meta({ id: 'CallbackSlot' });
export type CallbackSlot = z.infer<typeof CallbackSlotSchema>;

/** POST /v1/callback-slots (session token): the slots a callback for these choices may take. */
export const CallbackSlotsRequestSchema = z
  .strictObject({ routing: RoutingDataSchema })
  .meta({ id: 'CallbackSlotsRequest' });

export const CallbackSlotsSchema = z
  .strictObject({
    /** The queue's business-hours zone; absent when it keeps no hours (or none matched). */
    timeZone: z.string().optional(),
    /** In order, at most a few hundred; empty when the queue opens on none of the days. */
    slots: z.array(CallbackSlotSchema),
  })
  .meta({ id: 'CallbackSlots' });
export type CallbackSlots = z.infer<typeof CallbackSlotsSchema>;

/**
 * Why the API refused a callback's `preferredWindow` (422 with this code): the widget says
 * each in the visitor's words and offers the slots again.
 */
export const callbackSlotRefusals = [
  'callback_slot_in_past',
  'callback_slot_closed',
  'callback_slot_too_far',
] as const;
export type CallbackSlotRefusal = (typeof callbackSlotRefusals)[number];

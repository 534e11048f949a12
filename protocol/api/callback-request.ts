import { z } from 'zod';
import { RoutingDataSchema } from '../call-token.ts';
import { E164Schema } from './ids.ts';

/**
 * When the visitor would like to be called: inside the business hours of the queue their
 * choices reach, begun not yet, within the site's offered days (POST /v1/callback-slots lists
 * such slots); otherwise 422 `callback_slot_in_past`, `_closed` or `_too_far`.
 */
export const PreferredWindowSchema = z
  .strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((w) => Date.parse(w.from) < Date.parse(w.to), {
    path: ['to'],
    message: 'must be after from',
  });

/**
 * Where the visitor asked, when what the API stores cannot tell it otherwise: `long_wait`,
 * "call me back instead" offered under a long expected wait (on Start, or while the call
 * rang). The supervisors read it as the request's reason.
 */
const callbackOrigins = ['long_wait'] as const;
export type CallbackOrigin = (typeof callbackOrigins)[number];

/** POST /v1/callbacks (session token + Idempotency-Key header). */
export const CallbackRequestBodySchema = z
  .strictObject({
    /** As typed by the visitor; normalized to E.164 using `routing.country`. */
    phone: z.string().min(3).max(32),
    routing: RoutingDataSchema,
    preferredWindow: PreferredWindowSchema.optional(),
    /** The visitor agreed to be called back; must be true. */
    consent: z.literal(true),
    /** The call this follows (e.g. after a low rating), if any. */
    callId: z.uuid().optional(),
    origin: z.enum(callbackOrigins).optional(),
  })
  .meta({ id: 'CallbackRequestBody' });
export type CallbackRequestBody = z.infer<typeof CallbackRequestBodySchema>;

/** In the supervisors' worklist; `unreachable`: tried, nobody answered the number. */
export const callbackStatuses = ['new', 'in_progress', 'done', 'unreachable'] as const;
export const CallbackStatusSchema = z.enum(callbackStatuses);
export type CallbackStatus = z.infer<typeof CallbackStatusSchema>;

/** A number as people read it, formatted by the API so the widget carries no phone metadata. */
export const PhoneForPeopleSchema = z.strictObject({
  /** The number's country ("US"): a visitor there reads the national form, others the other. */
  country: z.string(),
  /** As dialled inside its country: "(713) 555-0199". */
  national: z.string(),
  /** As dialled from abroad: "+1 713 555 0199". */
  international: z.string(),
});
export type PhoneForPeople = z.infer<typeof PhoneForPeopleSchema>;

export const CallbackReceiptSchema = z
  .strictObject({
    id: z.uuid(),
    phone: E164Schema,
    /** The same number for the Thanks screen ("We will call you back at (713) 555-0199"). */
    phoneForPeople: PhoneForPeopleSchema,
    queue: z.string().nullable(),
    status: CallbackStatusSchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'CallbackReceipt' });
export type CallbackReceipt = z.infer<typeof CallbackReceiptSchema>;

import { z } from 'zod';
import { CallbackStatusSchema } from '../../../protocol/api/callback-request.ts';
import { isTimeZone } from '../../../protocol/api/business-hours.ts';
import type { CallReviewFilter, CallSearch } from '../storage/sql-call-review.ts';
import type { CallbackReviewFilter, CallbackSearch } from '../storage/sql-callback-review.ts';
import type { RatingFilter } from '../storage/repository.ts';
import type { SitesFile } from '../../../protocol/api/site-config.ts';
import { recordedEndCodes } from './end-reason-text.ts';
import { defaultTimeZone, startOfDay } from './zoned-time.ts';

const empty = (value: unknown) => (value === '' ? undefined : value);
const optionalText = z.preprocess(
  empty,
  z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
);
const optionalDay = z.preprocess(empty, z.iso.date().optional());

/** The start of a call id, as the page shows it (its first 8 hex digits) or longer. */
const callIdStart = /^[0-9a-f]{8}(-[0-9a-f]{0,12}){0,4}$/i;

/**
 * What the supervisor searches callback requests by: digits of the number (a national
 * number's leading zeros dropped, so `020 7946 0000` finds +442079460000), or the start of
 * the linked call's id (the page shows its first 8 hex digits). Eight plain digits may be
 * either, and search both.
 */
const CallbackSearchSchema = z.preprocess(
  (value) => (typeof value === 'string' ? empty(value.trim()) : value),
  z
    .string()
    .max(64)
    .transform((text, ctx): CallbackSearch => {
      const callId = callIdStart.test(text);
      const digits = /^[0-9 +().\-/]+$/.test(text)
        ? text.replace(/\D/g, '').replace(/^0+/, '')
        : '';
      const phone = digits.length >= 3;
      if (callId || phone) {
        return {
          ...(callId && { callIdPrefix: text.toLowerCase() }),
          ...(phone && { phoneDigits: digits }),
        };
      }
      ctx.addIssue({
        code: 'custom',
        message: 'search for at least 3 digits of a phone number, or a call id',
      });
      return z.NEVER;
    })
    .optional(),
);

/**
 * What the supervisor searches calls by: the start of the call's id, as in the callback
 * search (callbacks show the same 8 hex digits), or part of the answering agent's name.
 * Eight hex digits may be either, and search both.
 */
const CallSearchSchema = z.preprocess(
  (value) => (typeof value === 'string' ? empty(value.trim()) : value),
  z
    .string()
    .max(64)
    .transform((text, ctx): CallSearch => {
      const callId = callIdStart.test(text);
      const agent = /^[\p{L}\p{M}][\p{L}\p{M} .'-]+$/u.test(text);
      if (callId || agent) {
        return {
          ...(callId && { callIdPrefix: text.toLowerCase() }),
          ...(agent && { agentName: text }),
        };
      }
      ctx.addIssue({
        code: 'custom',
        message:
          "search for a call id (8 hex digits or more), or 2 letters or more of an agent's name",
      });
      return z.NEVER;
    })
    .optional(),
);

const yesNo = z.preprocess(empty, z.enum(['yes', 'no']).optional());

/** The calls list's pages: newest first, this many a page. */
export const callsPerPage = 50;

/** The review page's query string: its ratings, calls and callback filters and the time zone. */
export const ReviewFilterSchema = z
  .strictObject({
    /** IANA time zone the page shows times in, and reads the dates below in. */
    tz: z.preprocess(
      empty,
      z
        .string()
        .max(64)
        .refine(isTimeZone, 'must be an IANA time zone such as America/Chicago')
        .optional(),
    ),
    from: optionalDay,
    to: optionalDay,
    queue: optionalText,
    intent: optionalText,
    language: optionalText,
    stars: z.preprocess(
      (value) =>
        value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value],
      z.array(z.coerce.number().int().min(1).max(5)).max(5),
    ),
    callbackStatus: z.preprocess(empty, CallbackStatusSchema.optional()),
    callbackQueue: optionalText,
    callbackFrom: optionalDay,
    callbackTo: optionalDay,
    callbackSort: z.preprocess(empty, z.enum(['newest', 'oldest']).default('newest')),
    callbackSearch: CallbackSearchSchema,
    callFrom: optionalDay,
    callTo: optionalDay,
    callQueue: optionalText,
    callEnd: z.preprocess(empty, z.enum(recordedEndCodes).optional()),
    callAnswered: yesNo,
    callRated: yesNo,
    callSearch: CallSearchSchema,
    callPage: z.preprocess(empty, z.coerce.number().int().min(1).max(1000).default(1)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: 'must not be before from',
  })
  .refine((f) => !f.callbackFrom || !f.callbackTo || f.callbackFrom <= f.callbackTo, {
    path: ['callbackTo'],
    message: 'must not be before callbackFrom',
  })
  .refine((f) => !f.callFrom || !f.callTo || f.callFrom <= f.callTo, {
    path: ['callTo'],
    message: 'must not be before callFrom',
  });
export type ReviewFilter = z.infer<typeof ReviewFilterSchema>;

/** The page's query string, parsed: `stars` may repeat, any other key counts once. */
export function parseReviewQuery(query: URLSearchParams) {
  const raw = Object.fromEntries(
    [...new Set(query.keys())].map((key) => [
      key,
      key === 'stars' ? query.getAll(key) : query.get(key),
    ]),
  );
  return ReviewFilterSchema.safeParse(raw);
}

/** The zone the page reads its dates in and shows times in: the supervisor's, else the sites'. */
export const zoneOf = (filter: ReviewFilter, sites: SitesFile['sites']): string =>
  filter.tz ?? defaultTimeZone(sites);

/** A day range read in `zone`: from the start of `from` to the end of `to`. */
function dayRange(from: string | undefined, to: string | undefined, zone: string) {
  return {
    from: from ? startOfDay(from, zone) : undefined,
    to: to ? startOfDay(to, zone, 1) : undefined,
  };
}

export function toRatingFilter(filter: ReviewFilter, zone: string): RatingFilter {
  return {
    ...dayRange(filter.from, filter.to, zone),
    queue: filter.queue,
    intent: filter.intent,
    language: filter.language,
    stars: filter.stars.length ? filter.stars : undefined,
  };
}

export function toCallbackFilter(filter: ReviewFilter, zone: string): CallbackReviewFilter {
  return {
    ...dayRange(filter.callbackFrom, filter.callbackTo, zone),
    status: filter.callbackStatus,
    queue: filter.callbackQueue,
    order: filter.callbackSort,
    search: filter.callbackSearch,
  };
}

const answer = (value: 'yes' | 'no' | undefined) =>
  value === undefined ? undefined : value === 'yes';

/** The calls list's filter, without its page (the CSV exports every page). */
export function toCallFilter(filter: ReviewFilter, zone: string): CallReviewFilter {
  return {
    ...dayRange(filter.callFrom, filter.callTo, zone),
    queue: filter.callQueue,
    endReason: filter.callEnd,
    answered: answer(filter.callAnswered),
    rated: answer(filter.callRated),
    search: filter.callSearch,
  };
}

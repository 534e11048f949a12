import { z } from 'zod';

const TimeOfDaySchema = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, 'must be HH:MM');

/** One opening interval within a day, in the queue's local time; `close` is exclusive. */
export const OpeningIntervalSchema = z
  .strictObject({ open: TimeOfDaySchema, close: TimeOfDaySchema })
  .refine((interval) => interval.open < interval.close, {
    path: ['close'],
    message: 'must be after open',
  });

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** When a queue takes calls. A day left out is closed all day. */
export const BusinessHoursSchema = z.strictObject({
  /** IANA time zone the intervals and holidays are in, e.g. `America/Chicago`. */
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Madrid'),
  /** Opening intervals per weekday. */
  weekly: z.partialRecord(z.enum(weekdays), z.array(OpeningIntervalSchema).max(8)),
  /** Whole days closed, as YYYY-MM-DD in the queue's time zone. */
  holidays: z.array(z.iso.date()).max(366).default([]),
});
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

/**
 * A closed queue's hours as the visitor sees them on the Closed screen: the weekly intervals
 * in the queue's zone (named there, so "9:00-17:00" is never read in the visitor's own), and
 * the next opening, holidays skipped.
 */
export const OpeningHoursSchema = z
  .strictObject({
    timeZone: BusinessHoursSchema.shape.timeZone,
    weekly: BusinessHoursSchema.shape.weekly,
    /** The first opening after now; absent when the queue opens on no day within a year. */
    nextOpening: z.iso.datetime().optional(),
  })
  .meta({ id: 'OpeningHours' });
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

import type { BusinessHours, Weekday } from '../../../protocol/api/business-hours.ts';
import type {
  CallbackSettings,
  CallbackSlot,
  CallbackSlotRefusal,
} from '../../../protocol/api/callback-slots.ts';
import { ApiError } from '../errors.ts';
import { localTime, zonedInstant } from '../sites/business-hours.ts';

/** A queue without hours takes calls at any time: its slots run round the clock (in UTC). */
const roundTheClock: BusinessHours = {
  timeZone: 'UTC',
  weekly: Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => [
      day,
      [{ open: '00:00', close: '24:00' }],
    ]),
  ),
  holidays: [],
};

/** A select the visitor can still read: past this many, later slots are not offered. */
const mostSlots = 400;

const weekdayOfUtc = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The calendar days (YYYY-MM-DD, in the queue's zone) slots are offered on, today first. */
function offeredDays(hours: BusinessHours, settings: CallbackSettings, now: Date) {
  const today = Date.parse(`${localTime(now, hours.timeZone).date}T00:00:00Z`);
  return Array.from({ length: settings.days + 1 }, (_, day) => {
    const midnight = new Date(today + day * 86_400_000);
    return {
      date: midnight.toISOString().slice(0, 10),
      weekday: weekdayOfUtc[midnight.getUTCDay()]! as Weekday,
    };
  });
}

/** A day's opening intervals as instants; none on a holiday. */
function openingsOn(hours: BusinessHours, day: { date: string; weekday: Weekday }) {
  if (hours.holidays.includes(day.date)) return [];
  return (hours.weekly[day.weekday] ?? []).map((interval) => ({
    from: zonedInstant(day.date, interval.open, hours.timeZone),
    to: zonedInstant(day.date, interval.close, hours.timeZone),
  }));
}

/**
 * The slots a callback may take: each opening interval of the queue's next `days` days
 * (holidays skipped, wall clock of its zone, DST included) cut into `slotMinutes` from its
 * opening time, those starting at least `leadMinutes` from now. `hours` absent: round the
 * clock. The one rule the form's choices and the API's check (`slotRefusal`) share.
 */
export function callbackSlots(
  hours: BusinessHours | undefined,
  settings: CallbackSettings,
  now: Date,
): CallbackSlot[] {
  const zoned = hours ?? roundTheClock;
  const earliest = now.getTime() + settings.leadMinutes * 60_000;
  const step = settings.slotMinutes * 60_000;
  const slots: CallbackSlot[] = [];
  const days = offeredDays(zoned, settings, now).slice(0, settings.days);
  for (const opening of days.flatMap((day) => openingsOn(zoned, day))) {
    for (let from = opening.from.getTime(); from + step <= opening.to.getTime(); from += step) {
      if (from < earliest) continue;
      slots.push({ from: new Date(from).toISOString(), to: new Date(from + step).toISOString() });
      if (slots.length === mostSlots) return slots;
    }
  }
  return slots;
}

/** A preferred window the queue cannot honour: 422 with the reason's code. */
export class CallbackSlotError extends ApiError {
  constructor(code: CallbackSlotRefusal, message: string) {
    super(code, 422, message);
  }
}

/**
 * Refuses a preferred window that has begun, that starts past the offered days, or that does
 * not lie inside one opening interval of the queue (a holiday, a closed day or hour). Any
 * window inside the hours is taken, not only the form's slots: a contact center may link to
 * the form with its own.
 */
export function checkCallbackWindow(
  hours: BusinessHours | undefined,
  settings: CallbackSettings,
  window: { from: Date; to: Date },
  now: Date,
): void {
  if (window.from < now) {
    throw new CallbackSlotError('callback_slot_in_past', 'preferredWindow has already begun');
  }
  const zoned = hours ?? roundTheClock;
  const lastDay = offeredDays(zoned, settings, now).at(-1)!;
  if (window.from >= zonedInstant(lastDay.date, '00:00', zoned.timeZone)) {
    throw new CallbackSlotError(
      'callback_slot_too_far',
      `preferredWindow starts more than ${settings.days} days ahead`,
    );
  }
  const day = localTime(window.from, zoned.timeZone);
  if (zoned.holidays.includes(day.date)) {
    throw new CallbackSlotError(
      'callback_slot_closed',
      `preferredWindow falls on a holiday of the queue (${day.date}, ${zoned.timeZone})`,
    );
  }
  const inside = openingsOn(zoned, day).some(
    (opening) => opening.from <= window.from && window.to <= opening.to,
  );
  if (!inside) {
    throw new CallbackSlotError(
      'callback_slot_closed',
      `preferredWindow is outside the queue's business hours (${zoned.timeZone})`,
    );
  }
}

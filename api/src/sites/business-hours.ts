import type { BusinessHours, Weekday } from '../../../protocol/api/business-hours.ts';

const weekdayOf: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date, weekday and HH:MM at `now` in `timeZone`. */
export function localTime(
  now: Date,
  timeZone: string,
): { date: string; weekday: Weekday; time: string } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: weekdayOf[parts.weekday ?? ''] ?? 'mon',
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Whether a queue with these hours takes calls at `now` (no hours: always open). */
export function isOpen(hours: BusinessHours | undefined, now: Date): boolean {
  if (!hours) return true;
  const local = localTime(now, hours.timeZone);
  if (hours.holidays.includes(local.date)) return false;
  return (hours.weekly[local.weekday] ?? []).some(
    (interval) => interval.open <= local.time && local.time < interval.close,
  );
}

/** How far `timeZone`'s wall clock is ahead of UTC at `atMs` (whole minutes). */
function offsetMs(timeZone: string, atMs: number): number {
  const { date, time } = localTime(new Date(atMs), timeZone);
  const wall = Date.parse(`${date}T${time}:00Z`);
  return wall - (atMs - (atMs % 60_000));
}

/**
 * The instant a wall-clock `date` (YYYY-MM-DD) and `time` (HH:MM, 24:00 allowed) happen in
 * `timeZone`. The offset is read at the first guess and again at the instant it gives, which
 * is right across a DST change between the two.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.parse(`${date}T00:00:00Z`) + (hour * 60 + minute) * 60_000;
  const first = wall - offsetMs(timeZone, wall);
  return new Date(wall - offsetMs(timeZone, first));
}

/** Holidays are at most a year of days: past that a queue with any weekly hours opens. */
const searchDays = 372;

/**
 * When a queue with these hours next opens after `now` (holidays skipped), for the Closed
 * screen; undefined when it opens on no day within the search (no weekly hours at all).
 */
export function nextOpening(hours: BusinessHours, now: Date): Date | undefined {
  const today = Date.parse(`${localTime(now, hours.timeZone).date}T00:00:00Z`);
  for (let day = 0; day < searchDays; day++) {
    const midnight = new Date(today + day * 86_400_000);
    const date = midnight.toISOString().slice(0, 10);
    if (hours.holidays.includes(date)) continue;
    // getUTCDay: 0 is Sunday; `weekdays` starts on Monday.
    const weekday = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[
      midnight.getUTCDay()
    ]!;
    const opens = (hours.weekly[weekday] ?? [])
      .map((interval) => zonedInstant(date, interval.open, hours.timeZone))
      .filter((instant) => instant > now)
      .sort((a, b) => a.getTime() - b.getTime());
    if (opens[0]) return opens[0];
  }
  return undefined;
}

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

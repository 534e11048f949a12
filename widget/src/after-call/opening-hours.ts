import type { OpeningHours } from '../../../protocol/api/business-hours.ts';

/** Monday first, as the contract's weekly hours are keyed (a type-only import keeps zod out). */
const week = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** 1 January 2024 was a Monday: day `i` of `week` is 2024-01-(1 + i). */
const dayOfWeek = (i: number) => Date.UTC(2024, 0, 1 + i);

/**
 * A time zone as a visitor reads it: its generic name in their language and its city,
 * "Central Time (Chicago)"; the IANA id alone where the browser has no name for it.
 */
export function zoneName(timeZone: string, language: string, at: Date): string {
  // "UTC" says it better than its generic name ("GMT+00:00").
  if (!timeZone.includes('/')) return timeZone;
  const city = timeZone.split('/').at(-1)!.replaceAll('_', ' ');
  try {
    const name = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value;
    return name && name !== city ? `${name} (${city})` : timeZone;
  } catch {
    return timeZone;
  }
}

/**
 * The weekly hours as rows, consecutive days with the same hours together:
 * `[{ days: 'Mon – Fri', hours: '8:00 AM – 6:00 PM' }]`. Closed days are left out.
 */
export function weeklyRows(
  weekly: OpeningHours['weekly'],
  language: string,
): { days: string; hours: string }[] {
  const day = new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' });
  const clock = new Intl.DateTimeFormat(language, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
  });
  // "24:00" closes at midnight: the next day's 00:00, as the clock reads it.
  const time = (hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
    return clock.format(Date.UTC(2024, 0, 1, hour, minute));
  };
  const rows: { from: number; to: number; hours: string }[] = [];
  week.forEach((key, i) => {
    const hours = [...(weekly[key] ?? [])]
      .sort((a, b) => a.open.localeCompare(b.open))
      .map((interval) => `${time(interval.open)} – ${time(interval.close)}`)
      .join(', ');
    if (!hours) return;
    const last = rows.at(-1);
    if (last && last.hours === hours && last.to === i - 1) last.to = i;
    else rows.push({ from: i, to: i, hours });
  });
  return rows.map(({ from, to, hours }) => ({
    days:
      from === to
        ? day.format(dayOfWeek(from))
        : `${day.format(dayOfWeek(from))} – ${day.format(dayOfWeek(to))}`,
    hours,
  }));
}

/**
 * The next opening as a date and time in the queue's zone ("Friday, November 27 at 8:00 AM"),
 * and in the visitor's own zone when their clock reads otherwise.
 */
export function openingTimes(
  nextOpening: string,
  timeZone: string,
  language: string,
  visitorZone: string,
): { there: string; here?: string } {
  const format = (zone: string) =>
    new Intl.DateTimeFormat(language, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: 'numeric',
      minute: '2-digit',
      timeZone: zone,
    }).format(new Date(nextOpening));
  const there = format(timeZone);
  const here = format(visitorZone);
  return here === there ? { there } : { there, here };
}

/** The visitor's own time zone, as the browser knows it. */
export const visitorTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

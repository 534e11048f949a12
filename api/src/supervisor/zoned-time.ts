import type { SitesFile } from '../../../protocol/api/site-config.ts';

/**
 * Times on the review page, in the zone the supervisor reads them in. The page runs no script
 * (layout.ts), so the server picks the zone: the `tz` the supervisor chose, else the contact
 * center's own clock, the first business-hours zone in the sites file, else UTC.
 */

/** The zones the page offers: every business-hours zone in the sites file, then UTC. */
export function configuredTimeZones(sites: SitesFile['sites']): string[] {
  const zones = Object.values(sites).flatMap((site) =>
    Object.values(site.queues).flatMap((queue) => (queue.hours ? [queue.hours.timeZone] : [])),
  );
  return [...new Set([...zones, 'UTC'])];
}

/** The zone shown when the supervisor chose none (see above). */
export const defaultTimeZone = (sites: SitesFile['sites']): string =>
  configuredTimeZones(sites)[0]!;

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let made = cache.get(key);
  if (!made) cache.set(key, (made = make()));
  return made;
}

/** "2 Nov 2026, 09:00": day, month, year, hour and minute in `zone`. */
export function readableTime(date: Date, zone: string): string {
  return formatter(`readable ${zone}`, () =>
    Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
  ).format(date);
}

/** "GMT-6": the zone's offset from UTC at `at`. */
export function zoneOffset(zone: string, at: Date): string {
  const parts = formatter(`offset ${zone}`, () =>
    Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }),
  ).formatToParts(at);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
}

/** The calendar day (YYYY-MM-DD) of `date` in `zone`. */
export function dayIn(date: Date, zone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return formatter(`day ${zone}`, () =>
    Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }),
  ).format(date);
}

/** How far `zone`'s wall clock is ahead of UTC at `atMs`, in milliseconds. */
function offsetMs(zone: string, atMs: number): number {
  const parts = Object.fromEntries(
    formatter(`parts ${zone}`, () =>
      Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
    )
      .formatToParts(atMs)
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return wall - (atMs - (atMs % 1000));
}

/**
 * When the day `day` (YYYY-MM-DD) starts in `zone`, plus `addDays` days. The offset is read
 * twice: once at the UTC midnight, then at the instant that gives, which is right across a
 * DST change between the two.
 */
export function startOfDay(day: string, zone: string, addDays = 0): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`) + addDays * 86_400_000;
  const first = midnightUtc - offsetMs(zone, midnightUtc);
  return new Date(midnightUtc - offsetMs(zone, first));
}

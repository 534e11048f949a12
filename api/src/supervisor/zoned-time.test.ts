import { describe, expect, it } from 'vitest';
import { SitesFileSchema } from '../../../protocol/api/site-config.ts';
import { configuredTimeZones, dayIn, readableTime, startOfDay, zoneOffset } from './zoned-time.ts';

describe('times in a zone', () => {
  it('finds where a day starts, across daylight saving changes', () => {
    // Chicago: CDT (UTC-5) until 1 Nov 2026 at 02:00, then CST (UTC-6).
    expect(startOfDay('2026-10-31', 'America/Chicago').toISOString()).toBe(
      '2026-10-31T05:00:00.000Z',
    );
    expect(startOfDay('2026-11-01', 'America/Chicago').toISOString()).toBe(
      '2026-11-01T05:00:00.000Z',
    );
    // The end of 1 November: the start of the 2nd, a 25-hour day later.
    expect(startOfDay('2026-11-01', 'America/Chicago', 1).toISOString()).toBe(
      '2026-11-02T06:00:00.000Z',
    );
    expect(startOfDay('2026-03-29', 'Europe/Madrid').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(startOfDay('2026-03-30', 'Europe/Madrid').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(startOfDay('2026-11-02', 'Asia/Kolkata').toISOString()).toBe('2026-11-01T18:30:00.000Z');
    expect(startOfDay('2026-11-02', 'UTC').toISOString()).toBe('2026-11-02T00:00:00.000Z');
  });

  it('writes a moment, its day and the offset as read in the zone', () => {
    const at = new Date('2026-11-04T03:00:00Z');
    expect(readableTime(at, 'America/Chicago')).toBe('3 Nov 2026, 21:00');
    expect(readableTime(at, 'Europe/Madrid')).toBe('4 Nov 2026, 04:00');
    expect(dayIn(at, 'America/Chicago')).toBe('2026-11-03');
    expect(dayIn(at, 'UTC')).toBe('2026-11-04');
    expect(zoneOffset('America/Chicago', at)).toBe('GMT-6');
    expect(zoneOffset('America/Chicago', new Date('2026-07-01T00:00:00Z'))).toBe('GMT-5');
  });

  it("offers the sites' business-hours zones in file order, then UTC", () => {
    const queue = (timeZone?: string) => ({
      uri: 'sip:q@pbx.example',
      displayName: 'Q',
      ...(timeZone && { hours: { timeZone, weekly: {} } }),
    });
    const site = (queues: Record<string, ReturnType<typeof queue>>) => ({
      name: 'S',
      allowedOrigins: ['https://s.example'],
      captcha: { siteKey: 'k', secret: 's' },
      languages: ['en'],
      countries: ['US'],
      intents: [{ id: 'sales', label: 'Sales' }],
      queues,
    });
    const { sites } = SitesFileSchema.parse({
      sites: {
        a: site({ open: queue(), ny: queue('America/New_York') }),
        b: site({ madrid: queue('Europe/Madrid'), ny: queue('America/New_York') }),
      },
    });
    expect(configuredTimeZones(sites)).toEqual(['America/New_York', 'Europe/Madrid', 'UTC']);
    const { sites: none } = SitesFileSchema.parse({ sites: { a: site({ open: queue() }) } });
    expect(configuredTimeZones(none)).toEqual(['UTC']);
  });
});

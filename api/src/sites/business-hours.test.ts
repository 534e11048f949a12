import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../../protocol/api/business-hours.ts';
import { nextOpening, zonedInstant } from './business-hours.ts';

// The demo's sales team: Chicago, weekdays 08:00-18:00, closed on Thanksgiving.
const sales: BusinessHours = {
  timeZone: 'America/Chicago',
  weekly: Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [
      day,
      [{ open: '08:00', close: '18:00' }],
    ]),
  ),
  holidays: ['2026-11-26'],
};

describe('zonedInstant', () => {
  it.each([
    ['2026-11-02', '08:00', 'America/Chicago', '2026-11-02T14:00:00.000Z'],
    // The day DST starts (02:00 -> 03:00) and the first day after it.
    ['2026-03-08', '03:00', 'America/Chicago', '2026-03-08T08:00:00.000Z'],
    ['2026-03-09', '08:00', 'America/Chicago', '2026-03-09T13:00:00.000Z'],
    // Ahead of UTC: Monday 09:00 in Tokyo is still Sunday in UTC.
    ['2026-11-02', '09:00', 'Asia/Tokyo', '2026-11-02T00:00:00.000Z'],
    ['2026-11-02', '24:00', 'UTC', '2026-11-03T00:00:00.000Z'],
  ])('%s %s in %s is %s', (date, time, zone, instant) => {
    expect(zonedInstant(date, time, zone).toISOString()).toBe(instant);
  });
});

describe('nextOpening', () => {
  it.each([
    ['later the same morning', '2026-11-02T12:00:00Z', '2026-11-02T14:00:00.000Z'],
    ['the next morning, after closing time', '2026-11-03T03:00:00Z', '2026-11-03T14:00:00.000Z'],
    ['the day after a holiday', '2026-11-26T18:00:00Z', '2026-11-27T14:00:00.000Z'],
    ['Monday, over a weekend', '2026-11-07T16:00:00Z', '2026-11-09T14:00:00.000Z'],
    [
      'Monday in summer time, over the weekend DST starts',
      '2026-03-07T16:00:00Z',
      '2026-03-09T13:00:00.000Z',
    ],
  ])('is %s', (_when, now, expected) => {
    expect(nextOpening(sales, new Date(now))?.toISOString()).toBe(expected);
  });

  it('takes the afternoon interval after a lunch break', () => {
    const hours: BusinessHours = {
      timeZone: 'Europe/Madrid',
      weekly: {
        mon: [
          { open: '15:00', close: '19:00' },
          { open: '09:00', close: '13:30' },
        ],
      },
      holidays: [],
    };
    // Monday 13:45 in Madrid (UTC+1 in November).
    expect(nextOpening(hours, new Date('2026-11-02T12:45:00Z'))?.toISOString()).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });

  it('reads the day in the queue zone, not in UTC', () => {
    const hours: BusinessHours = {
      timeZone: 'Asia/Tokyo',
      weekly: { mon: [{ open: '09:00', close: '17:00' }] },
      holidays: [],
    };
    // Sunday 23:30 UTC is already Monday 08:30 in Tokyo: it opens in half an hour.
    expect(nextOpening(hours, new Date('2026-11-01T23:30:00Z'))?.toISOString()).toBe(
      '2026-11-02T00:00:00.000Z',
    );
  });

  it('is none for a queue without weekly hours, and skips a year of holidays', () => {
    expect(nextOpening({ timeZone: 'UTC', weekly: {}, holidays: [] }, new Date())).toBeUndefined();
    const days = Array.from({ length: 366 }, (_, i) =>
      new Date(Date.UTC(2026, 10, 2 + i)).toISOString().slice(0, 10),
    );
    const everyDay = Object.fromEntries(
      (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => [
        day,
        [{ open: '00:00', close: '24:00' }],
      ]),
    );
    expect(
      nextOpening(
        { timeZone: 'UTC', weekly: everyDay, holidays: days },
        new Date('2026-11-02T10:00:00Z'),
      )?.toISOString(),
    ).toBe('2027-11-03T00:00:00.000Z');
  });
});

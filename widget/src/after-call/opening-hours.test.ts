import { describe, expect, it } from 'vitest';
import { openingTimes, weeklyRows, zoneName } from './opening-hours.ts';

const weekdays9to5 = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [
    day,
    [{ open: '09:00', close: '17:00' }],
  ]),
);

describe('weeklyRows', () => {
  it('puts consecutive days with the same hours together, closed days left out', () => {
    expect(
      weeklyRows({ ...weekdays9to5, sat: [{ open: '10:00', close: '14:00' }], sun: [] }, 'en-US'),
    ).toEqual([
      { days: 'Mon – Fri', hours: '9:00 AM – 5:00 PM' },
      { days: 'Sat', hours: '10:00 AM – 2:00 PM' },
    ]);
  });

  it('keeps days apart when a closed day or other hours come between', () => {
    expect(
      weeklyRows(
        {
          mon: [{ open: '09:00', close: '17:00' }],
          wed: [{ open: '09:00', close: '17:00' }],
          thu: [
            { open: '15:00', close: '24:00' },
            { open: '08:00', close: '12:00' },
          ],
        },
        'de',
      ),
    ).toEqual([
      { days: 'Mo', hours: '9:00 – 17:00' },
      { days: 'Mi', hours: '9:00 – 17:00' },
      // Sorted by opening time; closing at 24:00 reads as midnight.
      { days: 'Do', hours: '8:00 – 12:00, 15:00 – 0:00' },
    ]);
  });

  it('is nothing for a team with no weekly hours', () => {
    expect(weeklyRows({}, 'en')).toEqual([]);
  });
});

describe('zoneName', () => {
  it('names the zone in the visitor language, with its city', () => {
    const november = new Date('2026-11-02T12:00:00Z');
    expect(zoneName('America/Chicago', 'en', november)).toBe('Central Time (Chicago)');
    expect(zoneName('Europe/Madrid', 'es', november)).toBe('hora de Europa central (Madrid)');
  });

  it('falls back to the IANA id the browser cannot name, and says UTC as such', () => {
    expect(zoneName('Not/A_Zone', 'en', new Date())).toBe('Not/A_Zone');
    expect(zoneName('UTC', 'fr', new Date())).toBe('UTC');
  });
});

describe('openingTimes', () => {
  // Friday 27 November 2026, 08:00 in Chicago.
  const friday = '2026-11-27T14:00:00.000Z';

  it('gives the opening in the team zone, and in the visitor zone when it reads otherwise', () => {
    expect(openingTimes(friday, 'America/Chicago', 'en', 'Europe/Madrid')).toEqual({
      there: 'Friday, November 27 at 8:00 AM',
      here: 'Friday, November 27 at 3:00 PM',
    });
  });

  it('says it once when the visitor shares the team clock', () => {
    expect(openingTimes(friday, 'America/Chicago', 'fr', 'America/Winnipeg')).toEqual({
      there: 'vendredi 27 novembre à 8:00',
    });
  });
});

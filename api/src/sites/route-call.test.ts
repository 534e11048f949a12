import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isOpen, localTime } from './business-hours.ts';
import { offeredProblem, routeCall } from './route-call.ts';
import { parseSitesFile } from './sites-store.ts';

const acme = parseSitesFile(
  readFileSync(new URL('../../config/sites.json', import.meta.url), 'utf8'),
  'demo',
).sites.acme!;
// Monday 2 November 2026, 15:00 UTC = 09:00 in Chicago, 10:00 in New York.
const mondayMorning = new Date('2026-11-02T15:00:00Z');
const mondayNight = new Date('2026-11-03T03:00:00Z');
const thanksgiving = new Date('2026-11-26T18:00:00Z');

describe('business hours', () => {
  it('reads local wall-clock time in the queue time zone, across DST', () => {
    expect(localTime(mondayMorning, 'America/Chicago')).toEqual({
      date: '2026-11-02',
      weekday: 'mon',
      time: '09:00',
    });
    expect(localTime(new Date('2026-07-06T15:00:00Z'), 'America/Chicago').time).toBe('10:00');
  });

  it('is open inside an interval and closed outside it, on weekends and holidays', () => {
    const hours = acme.queues['sales-en']!.hours;
    expect(isOpen(hours, mondayMorning)).toBe(true);
    expect(isOpen(hours, mondayNight)).toBe(false);
    expect(isOpen(hours, new Date('2026-11-07T16:00:00Z'))).toBe(false);
    expect(isOpen(hours, thanksgiving)).toBe(false);
    expect(isOpen(undefined, thanksgiving)).toBe(true);
  });
});

describe('routeCall', () => {
  it('takes the first matching rule, with its headers added to the queue headers', () => {
    expect(
      routeCall(acme, { intent: 'support', language: 'es', country: 'ES' }, mondayMorning),
    ).toEqual({
      kind: 'call',
      target: {
        queue: 'general-es',
        uri: 'sip:queue-general-es@127.0.0.1:5060',
        displayName: 'Atención al cliente',
        headers: { 'X-Language': 'es' },
      },
    });
    expect(
      routeCall(acme, { intent: 'sales', language: 'en', country: 'US' }, mondayMorning),
    ).toMatchObject({
      kind: 'call',
      target: { queue: 'sales-en', headers: { 'X-Queue-Skill': 'sales' } },
    });
  });

  it('falls back to the default queue', () => {
    expect(
      routeCall(acme, { intent: 'support', language: 'en', country: 'GB' }, mondayNight),
    ).toMatchObject({
      kind: 'call',
      target: { queue: 'support-en', uri: 'sip:queue-support-en@127.0.0.1:5060' },
    });
  });

  it('offers a callback when the queue is closed or nothing routes', () => {
    expect(
      routeCall(acme, { intent: 'sales', language: 'en', country: 'US' }, thanksgiving),
    ).toEqual({ kind: 'callback', reason: 'closed', queue: 'sales-en' });
    const noDefault = { ...acme, defaultQueue: undefined };
    expect(
      routeCall(noDefault, { intent: 'support', language: 'en', country: 'US' }, mondayMorning),
    ).toEqual({ kind: 'callback', reason: 'no_route' });
  });

  it('names a choice the site does not offer', () => {
    expect(offeredProblem(acme, { intent: 'sales', language: 'it', country: 'US' })).toMatch(
      /routing\.language "it"/,
    );
    expect(
      offeredProblem(acme, { intent: 'sales', language: 'en', country: 'US' }),
    ).toBeUndefined();
  });
});

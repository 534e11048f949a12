import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../../protocol/api/business-hours.ts';
import {
  CallbackSettingsSchema,
  defaultCallbackSettings,
} from '../../../protocol/api/callback-slots.ts';
import { callbackSlots, checkCallbackWindow } from './callback-slots.ts';

// The demo's sales team: Chicago, weekdays 08:00-18:00, closed on Thanksgiving and on a
// company day off (Wednesday 4 November).
const sales: BusinessHours = {
  timeZone: 'America/Chicago',
  weekly: Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [
      day,
      [{ open: '08:00', close: '18:00' }],
    ]),
  ),
  holidays: ['2026-11-04', '2026-11-26'],
};
const hourly = { ...defaultCallbackSettings, slotMinutes: 60 as const, leadMinutes: 15, days: 7 };

describe('callbackSlots', () => {
  it('cuts the open hours into slots in the queue’s zone, from the lead time on', () => {
    // Monday 2 Nov 2026, 09:50 in Chicago (UTC-6).
    const slots = callbackSlots(sales, hourly, new Date('2026-11-02T15:50:00Z'));
    // 10:05 is the earliest start: the first slot is 11:00-12:00, Chicago time.
    expect(slots[0]).toEqual({ from: '2026-11-02T17:00:00.000Z', to: '2026-11-02T18:00:00.000Z' });
    // The day's last slot ends at closing time; Tuesday starts at 08:00.
    expect(slots.find((s) => s.to === '2026-11-03T00:00:00.000Z')).toBeDefined();
    expect(slots[7]).toEqual({ from: '2026-11-03T14:00:00.000Z', to: '2026-11-03T15:00:00.000Z' });
    // None on the day off or the weekend, none past the 7 days (Mon 2 to Sun 8 Nov).
    const days = new Set(slots.map((s) => s.from.slice(0, 10)));
    expect([...days]).toEqual(['2026-11-02', '2026-11-03', '2026-11-05', '2026-11-06']);
  });

  it('skips holidays and follows the wall clock across a DST change', () => {
    // Wednesday 25 Nov, evening: Thanksgiving (Thu 26) offers nothing, Friday does.
    const slots = callbackSlots(sales, hourly, new Date('2026-11-26T01:00:00Z'));
    expect(slots[0]!.from).toBe('2026-11-27T14:00:00.000Z');
    // Before and after DST ends (Sun 1 Nov): 08:00 Chicago is 13:00 UTC, then 14:00 UTC.
    const around = callbackSlots(sales, hourly, new Date('2026-10-30T20:00:00Z'));
    expect(around[0]!.from).toBe('2026-10-30T21:00:00.000Z');
    expect(around.find((s) => s.from.startsWith('2026-11-02'))!.from).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });

  it('runs round the clock for a queue without hours, within the days', () => {
    const settings = { ...defaultCallbackSettings, slotMinutes: 30 as const, days: 1 };
    const slots = callbackSlots(undefined, settings, new Date('2026-11-02T22:00:00Z'));
    expect(slots[0]).toEqual({ from: '2026-11-02T22:30:00.000Z', to: '2026-11-02T23:00:00.000Z' });
    expect(slots.at(-1)!.to).toBe('2026-11-03T00:00:00.000Z');
  });
});

describe('checkCallbackWindow', () => {
  const now = new Date('2026-11-02T15:50:00Z'); // Monday 09:50 in Chicago
  const check = (from: string, to: string) => () =>
    checkCallbackWindow(sales, hourly, { from: new Date(from), to: new Date(to) }, now);
  const refusal = (from: string, to: string) => {
    try {
      check(from, to)();
      return undefined;
    } catch (error) {
      return (error as { code: string; status: number }).code;
    }
  };

  it('takes every slot the form offers, and any window inside one opening', () => {
    for (const slot of callbackSlots(sales, hourly, now)) {
      expect(check(slot.from, slot.to)).not.toThrow();
    }
    expect(refusal('2026-11-02T16:00:00Z', '2026-11-02T16:20:00Z')).toBeUndefined();
  });

  it.each([
    ['begun already', '2026-11-02T15:00:00Z', '2026-11-02T16:00:00Z', 'callback_slot_in_past'],
    ['yesterday', '2026-11-01T15:00:00Z', '2026-11-01T16:00:00Z', 'callback_slot_in_past'],
    ['before opening', '2026-11-03T13:00:00Z', '2026-11-03T14:00:00Z', 'callback_slot_closed'],
    ['across closing time', '2026-11-02T23:30:00Z', '2026-11-03T00:30:00Z', 'callback_slot_closed'],
    ['on a Saturday', '2026-11-07T16:00:00Z', '2026-11-07T17:00:00Z', 'callback_slot_closed'],
    ['on a holiday', '2026-11-04T16:00:00Z', '2026-11-04T17:00:00Z', 'callback_slot_closed'],
    ['past the 7 days', '2026-11-09T16:00:00Z', '2026-11-09T17:00:00Z', 'callback_slot_too_far'],
  ])('refuses a window %s', (_what, from, to, code) => {
    expect(refusal(from, to)).toBe(code);
  });
});

describe('the sites file’s callbacks settings', () => {
  it('default to a 5-minute threshold and 30-minute slots over 7 days, and refuse nonsense', () => {
    expect(CallbackSettingsSchema.parse({})).toEqual({
      offerAfterWaitMinutes: 5,
      slotMinutes: 30,
      days: 7,
      leadMinutes: 15,
    });
    expect(CallbackSettingsSchema.safeParse({ slotMinutes: 45 }).success).toBe(false);
    expect(CallbackSettingsSchema.safeParse({ offerAfterWaitMinutes: 0 }).success).toBe(false);
    expect(CallbackSettingsSchema.safeParse({ days: 30 }).success).toBe(false);
    expect(CallbackSettingsSchema.safeParse({ threshold: 5 }).success).toBe(false);
  });
});

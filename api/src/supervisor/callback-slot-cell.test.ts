import { describe, expect, it } from 'vitest';
import { callbackSlotCell } from './callback-slot-cell.ts';

const text = async (cell: ReturnType<typeof callbackSlotCell>) =>
  (await cell)
    .toString()
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('the callback slot on the review page', () => {
  it('reads in the supervisor’s zone, naming it with its offset', async () => {
    const from = new Date('2026-11-03T15:00:00Z');
    const to = new Date('2026-11-03T15:30:00Z');
    expect(await text(callbackSlotCell(from, to, 'America/Chicago'))).toBe(
      '3 Nov 2026, 09:00 to 09:30, America/Chicago (GMT-6)',
    );
    expect(await text(callbackSlotCell(from, to, 'Europe/Madrid'))).toBe(
      '3 Nov 2026, 16:00 to 16:30, Europe/Madrid (GMT+1)',
    );
  });

  it('says the end’s day when it is another, and a dash without a slot', async () => {
    const late = callbackSlotCell(
      new Date('2026-11-03T22:30:00Z'),
      new Date('2026-11-03T23:30:00Z'),
      'Europe/Madrid',
    );
    expect(await text(late)).toBe('3 Nov 2026, 23:30 to 4 Nov 2026, 00:30, Europe/Madrid (GMT+1)');
    expect(await text(callbackSlotCell(undefined, undefined, 'UTC'))).toBe('-');
  });
});

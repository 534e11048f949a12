import { describe, expect, it } from 'vitest';
import { callbackSlotRefusals } from '../../../protocol/api/callback-slots.ts';
import { callbackSlotMessages } from './callback-slot-messages.ts';
import { slotDays, slotStart } from './slot-choices.ts';

// Monday 2 Nov 2026: 17:00-17:30 and 23:30-00:00 UTC, then Tuesday 15:00-15:30 UTC.
const slots = [
  { from: '2026-11-02T17:00:00.000Z', to: '2026-11-02T17:30:00.000Z' },
  { from: '2026-11-02T23:30:00.000Z', to: '2026-11-03T00:00:00.000Z' },
  { from: '2026-11-03T15:00:00.000Z', to: '2026-11-03T15:30:00.000Z' },
];

describe('the callback slots as the visitor reads them', () => {
  it('groups them by the visitor’s own day and reads them on the visitor’s clock', () => {
    // In Chicago (UTC-6) the three fall on Monday, Monday, Tuesday.
    const chicago = slotDays(slots, 'en-US', 'America/Chicago');
    expect(chicago.map((day) => day.day)).toEqual(['Monday, November 2', 'Tuesday, November 3']);
    expect(chicago[0]!.slots.map((slot) => slot.label)).toEqual([
      expect.stringMatching(/^11:00\s?–\s?11:30\sAM$/),
      expect.stringMatching(/^5:30\s?–\s?6:00\sPM$/),
    ]);
    expect(chicago[0]!.slots[0]!.value).toBe(slots[0]!.from);
    // In Berlin (UTC+1) the second is already Tuesday, half past midnight.
    const berlin = slotDays(slots, 'de', 'Europe/Berlin');
    expect(berlin.map((day) => day.day)).toEqual(['Montag, 2. November', 'Dienstag, 3. November']);
    expect(berlin[1]!.slots[0]!.label).toMatch(/^00:30\s?–\s?01:00( Uhr)?$/);
  });

  it('names the slot offered instead of a long wait in the visitor’s language', () => {
    const when = slotStart(slots[0]!, 'fr', 'Europe/Paris');
    expect(when).toMatch(/^lundi 2 novembre (à )?18:00$/);
    expect(callbackSlotMessages.fr.offer(when)).toContain('rappeler le lundi 2 novembre');
  });

  it('says every refusal of the API in every language', () => {
    for (const catalog of Object.values(callbackSlotMessages)) {
      for (const code of callbackSlotRefusals) expect(catalog.refused[code]).toMatch(/\S/);
    }
    const closed = Object.values(callbackSlotMessages).map((m) => m.refused.callback_slot_closed);
    expect(new Set(closed).size).toBe(4);
  });
});

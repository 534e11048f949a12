import type { CallbackSlot } from '../../../protocol/api/callback-slots.ts';

/** One day's slots as the form's select groups them, on the visitor's clock. */
export interface SlotDay {
  /** "Tuesday, December 8". */
  day: string;
  /** `value`: the slot's start (its id); `label`: "2:00 – 2:30 PM". */
  slots: { value: string; label: string }[];
}

/**
 * The API's slots grouped by the visitor's calendar day, each read in their language and
 * zone: the API works in the queue's zone, the visitor reads their own (named under the
 * select). Intl's formatRange writes "2:00 – 2:30 PM" or "14:00–14:30" as each language does.
 */
export function slotDays(slots: CallbackSlot[], language: string, timeZone: string): SlotDay[] {
  const day = new Intl.DateTimeFormat(language, {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  });
  const time = new Intl.DateTimeFormat(language, { timeZone, hour: 'numeric', minute: '2-digit' });
  const days: SlotDay[] = [];
  // In order of time, whatever order they came in (a slot offered first is put in front).
  const inOrder = [...slots].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  for (const slot of inOrder) {
    const from = new Date(slot.from);
    const label = day.format(from);
    let group = days.at(-1);
    if (group?.day !== label) days.push((group = { day: label, slots: [] }));
    group.slots.push({ value: slot.from, label: time.formatRange(from, new Date(slot.to)) });
  }
  return days;
}

/** "Tuesday, December 8 at 2:00 PM": the slot offered instead of a long wait. */
export function slotStart(slot: CallbackSlot, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(slot.from));
}

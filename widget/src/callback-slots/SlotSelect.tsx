import type { CallbackSlot } from '../../../protocol/api/callback-slots.ts';
import { slotDays } from './slot-choices.ts';

export interface SlotSelectProps {
  label: string;
  asap: string;
  /** The API's slots; `chosen` is kept among them even before they come (offered instead). */
  slots: CallbackSlot[];
  /** The chosen slot's start, '' for as soon as possible. */
  chosen: string;
  onChoose(from: string): void;
  language: string;
  timeZone: string;
  /** Ids of the hint and problem that describe the select. */
  describedBy: string;
  invalid: boolean;
}

/** When to call: as soon as possible, or a slot, grouped by the visitor's days. */
export function SlotSelect(props: SlotSelectProps) {
  const days = slotDays(props.slots, props.language, props.timeZone);
  return (
    <label class="ctc-field">
      <span>{props.label}</span>
      <select
        value={props.chosen}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid}
        data-testid="callback-window"
        onChange={(event) => props.onChoose((event.target as HTMLSelectElement).value)}
      >
        <option value="">{props.asap}</option>
        {days.map((day) => (
          <optgroup key={day.day} label={day.day}>
            {day.slots.map((slot) => (
              <option key={slot.value} value={slot.value}>
                {slot.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

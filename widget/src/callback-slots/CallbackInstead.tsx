import type { CallbackSlot } from '../../../protocol/api/callback-slots.ts';
import { visitorTimeZone } from '../after-call/opening-hours.ts';
import { messagesIn } from '../i18n/messages-for.ts';
import { callbackSlotMessages } from './callback-slot-messages.ts';
import { slotStart } from './slot-choices.ts';

export interface CallbackInsteadProps {
  /** The first slot the API can offer (OpenQueue.callbackInstead). */
  slot: CallbackSlot;
  language: string;
  onAccept(slot: CallbackSlot): void;
}

/** "Rather not wait? We can call you back on Tuesday at 2:00 PM (your time)." + the button. */
export function CallbackInstead({ slot, language, onAccept }: CallbackInsteadProps) {
  const m = messagesIn(callbackSlotMessages, language);
  return (
    <div class="ctc-instead" data-testid="callback-instead" data-slot-from={slot.from}>
      <p>{m.offer(slotStart(slot, language, visitorTimeZone()))}</p>
      <button type="button" data-testid="callback-instead-accept" onClick={() => onAccept(slot)}>
        {m.callMeBack}
      </button>
    </div>
  );
}

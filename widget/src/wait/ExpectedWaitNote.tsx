import type { CallbackSlot } from '../../../protocol/api/callback-slots.ts';
import { CallbackInstead } from '../callback-slots/CallbackInstead.tsx';
import type { Messages } from '../i18n/en.ts';
import { expectedWaitText } from './expected-wait-text.ts';
import { shownOffer } from './offer-shown.ts';
import { useExpectedWait, type WaitAnswer } from './useExpectedWait.ts';

export interface ExpectedWaitNoteProps {
  /** Asks the API (POST /v1/availability); undefined when it cannot tell. */
  ask(): Promise<WaitAnswer | undefined>;
  /** Asks again this often (while ringing); once without. */
  everySeconds?: number;
  messages: Messages['wait'];
  language: string;
  /** The visitor takes the slot offered instead of a long wait. */
  onCallbackInstead(slot: CallbackSlot): void;
  /** The offer appeared (once each time it does, not at every poll that keeps it). */
  onOffered?(): void;
}

/**
 * "Expected wait: about 2 minutes. 1 web caller is ahead of you."; nothing without data.
 * Under a long wait with every agent busy, "call me back instead" with the API's first slot.
 */
export function ExpectedWaitNote({ ask, everySeconds, messages, ...props }: ExpectedWaitNoteProps) {
  const answer = useExpectedWait(ask, everySeconds, props.onOffered);
  const wait = answer?.expectedWait;
  if (!wait) return null;
  const [minutes, ahead] = expectedWaitText(wait, messages);
  const offer = shownOffer(answer);
  return (
    <>
      {/* Said to screen readers when it changes, not at every poll that leaves it as it was. */}
      <p class="ctc-wait" role="status" data-testid="expected-wait" data-position={wait.position}>
        <span data-testid="expected-wait-minutes">{minutes}</span> {ahead}
      </p>
      {offer && (
        <CallbackInstead
          slot={offer}
          language={props.language}
          onAccept={props.onCallbackInstead}
        />
      )}
    </>
  );
}

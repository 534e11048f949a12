import type { ExpectedWait } from '../../../protocol/api/expected-wait.ts';
import type { Messages } from '../i18n/en.ts';
import { expectedWaitText } from './expected-wait-text.ts';
import { useExpectedWait } from './useExpectedWait.ts';

export interface ExpectedWaitNoteProps {
  /** Asks the API (POST /v1/availability); undefined when it cannot tell. */
  ask(): Promise<ExpectedWait | undefined>;
  /** Asks again this often (while ringing); once without. */
  everySeconds?: number;
  messages: Messages['wait'];
}

/** "Expected wait: about 2 minutes. 1 web caller is ahead of you."; nothing without data. */
export function ExpectedWaitNote({ ask, everySeconds, messages }: ExpectedWaitNoteProps) {
  const wait = useExpectedWait(ask, everySeconds);
  if (!wait) return null;
  const [minutes, ahead] = expectedWaitText(wait, messages);
  return (
    // Said to screen readers when it changes, not at every poll that leaves it as it was.
    <p class="ctc-wait" role="status" data-testid="expected-wait" data-position={wait.position}>
      <span data-testid="expected-wait-minutes">{minutes}</span> {ahead}
    </p>
  );
}

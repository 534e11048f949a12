import { qualityNoteOf, type QualityMessages, type QualityNote } from './quality-messages.ts';
import type { QualityWarning } from './quality-warnings.ts';

export interface QualityWarningsProps {
  warnings: QualityWarning[];
  messages: QualityMessages;
}

/**
 * The call's quality warnings in words, in a polite live region that is there from the
 * start of the talk (screen readers announce what appears in a region they already know),
 * empty while all is well.
 */
export function QualityWarnings({ warnings, messages }: QualityWarningsProps) {
  const notes = [...new Set(warnings.map((warning) => qualityNoteOf[warning]))];
  return (
    <div
      class="ctc-call-quality"
      role="status"
      aria-live="polite"
      data-testid="call-quality"
      data-warnings={warnings.join(' ')}
    >
      {notes.map((note: QualityNote) => (
        <p key={note} class="ctc-warning" data-testid="call-quality-note" data-note={note}>
          {messages[note]}
        </p>
      ))}
    </div>
  );
}

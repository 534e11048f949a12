import { qualityNoteOf, type QualityMessages, type QualityNote } from './quality-messages.ts';
import type { CallQuality } from './useCallQuality.ts';

export interface QualityWarningsProps {
  quality: CallQuality;
  messages: QualityMessages;
}

/**
 * The call's quality warnings in words, in a polite live region that is there from the
 * start of the talk (screen readers announce what appears in a region they already know),
 * empty while all is well. When the connection's warnings clear, it says so for a few
 * seconds: a warning that silently vanished would leave a screen reader user wondering.
 */
export function QualityWarnings({ quality, messages }: QualityWarningsProps) {
  const { warnings } = quality;
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
      {quality.backToNormal && (
        <p data-testid="call-quality-note" data-note="backToNormal">
          {messages.backToNormal}
        </p>
      )}
    </div>
  );
}

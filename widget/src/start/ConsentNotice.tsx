import type { ConsentMessages } from './consent-messages.ts';

export interface ConsentNoticeProps {
  text: string;
  accepted: boolean;
  onAccepted(accepted: boolean): void;
  messages: ConsentMessages;
}

/** The id CLICK TO CALL points to (aria-describedby): why it waits, read with the button. */
export const consentNoticeTextId = 'ctc-consent-text';

/** The site's notice (e.g. "calls are recorded") and the box that accepts it. */
export function ConsentNotice({ text, accepted, onAccepted, messages }: ConsentNoticeProps) {
  return (
    <div
      class="ctc-notice"
      role="group"
      aria-labelledby="ctc-consent-title"
      data-testid="consent-notice"
    >
      <h2 id="ctc-consent-title">{messages.title}</h2>
      <p id={consentNoticeTextId} data-testid="consent-text">
        {text}
      </p>
      <label class="ctc-check">
        <input
          type="checkbox"
          checked={accepted}
          data-testid="consent-accept"
          onChange={(event) => onAccepted((event.target as HTMLInputElement).checked)}
        />
        <span>{messages.accept}</span>
      </label>
    </div>
  );
}

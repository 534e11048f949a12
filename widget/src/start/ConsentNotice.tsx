import type { ConsentMessages } from './consent-messages.ts';

export interface ConsentNoticeProps {
  text: string;
  accepted: boolean;
  onAccepted(accepted: boolean): void;
  messages: ConsentMessages;
  /** It replaced the notice the visitor had accepted (the API refused the call for it). */
  renewed?: boolean;
}

/** The id CLICK TO CALL points to (aria-describedby): why it waits, read with the button. */
export const consentNoticeTextId = 'ctc-consent-text';

/** The site's notice (e.g. "calls are recorded") and the box that accepts it. */
export function ConsentNotice({
  text,
  accepted,
  onAccepted,
  messages,
  renewed,
}: ConsentNoticeProps) {
  return (
    <div
      class="ctc-notice"
      role="group"
      aria-labelledby="ctc-consent-title"
      data-testid="consent-notice"
    >
      <h2 id="ctc-consent-title">{messages.title}</h2>
      {renewed && (
        // An alert: the call the visitor asked for was not placed, and this says why.
        <p class="ctc-warning" role="alert" data-testid="consent-renewed">
          {messages.renewed}
        </p>
      )}
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

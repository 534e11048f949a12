import { useState } from 'preact/hooks';
import type { Messages } from '../i18n/en.ts';
import { Screen } from '../journey/Screen.tsx';
import { stepIcons } from '../journey/step-icons.ts';

const maxComment = 500;

export interface RatingScreenProps {
  messages: Messages['rating'];
  /** How the call just ended ("The agent ended the call."), and its code. */
  callEnded: { text: string; code: string };
  /** Stores the rating (retried safely: the key stays the same for this form). */
  send(stars: number, comment: string): Promise<void>;
  onSent(stars: number): void;
  onSkip(): void;
}

/** Rate our service: 1 to 5 stars and an optional comment (0/500). */
export function RatingScreen({ messages, callEnded, send, onSent, onSkip }: RatingScreenProps) {
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [status, setStatus] = useState<'idle' | 'sending' | 'failed' | 'no_stars'>('idle');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (stars < 1) return setStatus('no_stars');
    setStatus('sending');
    try {
      await send(stars, comment);
      onSent(stars);
    } catch {
      setStatus('failed');
    }
  };
  const problem =
    status === 'no_stars' ? messages.pickStars : status === 'failed' ? messages.failed : '';
  return (
    <Screen
      title={messages.title}
      testId="rating-screen"
      icon={stepIcons.star}
      dock={
        // Outside the form (tied to it by id): docked under the scrolling content.
        <>
          <button
            type="submit"
            form="ctc-rating-form"
            class="ctc-primary"
            disabled={status === 'sending'}
            data-testid="rating-send"
          >
            {status === 'sending' ? messages.sending : messages.send}
          </button>
          <button type="button" onClick={onSkip} data-testid="rating-skip">
            {messages.skip}
          </button>
        </>
      }
    >
      <p class="ctc-call-ended" data-testid="call-status">
        {callEnded.text}
      </p>
      <span hidden data-testid="call-end-code">
        {callEnded.code}
      </span>
      <form id="ctc-rating-form" class="ctc-form" onSubmit={submit} noValidate>
        <fieldset class="ctc-stars" data-testid="rating-stars">
          <legend>{messages.stars}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= stars ? 'ctc-star ctc-star-on' : 'ctc-star'}>
              <input
                type="radio"
                name="stars"
                value={n}
                checked={stars === n}
                data-testid={`rating-star-${n}`}
                onChange={() => (setStars(n), setStatus('idle'))}
              />
              <span aria-hidden="true">★</span>
              <span class="ctc-visually-hidden">{messages.star(n)}</span>
            </label>
          ))}
        </fieldset>
        <label class="ctc-field">
          <span>{messages.comment}</span>
          <textarea
            rows={4}
            maxLength={maxComment}
            value={comment}
            aria-describedby="ctc-comment-counter"
            data-testid="rating-comment"
            onInput={(event) => setComment((event.target as HTMLTextAreaElement).value)}
          />
        </label>
        <p id="ctc-comment-counter" class="ctc-counter" data-testid="rating-counter">
          {messages.counter(comment.length, maxComment)}
        </p>
        <p role="alert" class="ctc-problem" data-testid="rating-problem">
          {problem}
        </p>
      </form>
    </Screen>
  );
}

import type { ExpectedWait } from '../../../protocol/api/expected-wait.ts';
import type { Messages } from '../i18n/en.ts';

/** The API's rounded estimate in the visitor's words: the wait, then who is ahead. */
export function expectedWaitText(wait: ExpectedWait, messages: Messages['wait']): string[] {
  const minutes = wait.moreThan
    ? messages.moreThan(wait.minutes)
    : wait.minutes === 0
      ? messages.underAMinute
      : messages.about(wait.minutes);
  return [minutes, messages.ahead(wait.position - 1)];
}

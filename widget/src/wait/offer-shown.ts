import type { CallbackSlot } from '../../../protocol/api/callback-slots.ts';
import type { WaitAnswer } from './useExpectedWait.ts';

/** The slot "call me back instead" offers under this answer; none without a wait to show. */
export const shownOffer = (answer: WaitAnswer | undefined): CallbackSlot | undefined =>
  answer?.expectedWait ? answer.callbackInstead : undefined;

/**
 * Calls `onShown` each time the offer appears in the answers as they come: once for an offer
 * that stays through the polls (its slot may move on), again if it went and came back.
 */
export function watchOffer(onShown: () => void): (answer: WaitAnswer | undefined) => void {
  let shown = false;
  return (answer) => {
    const now = shownOffer(answer) !== undefined;
    if (now && !shown) onShown();
    shown = now;
  };
}

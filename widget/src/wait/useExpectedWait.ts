import { useEffect, useState } from 'preact/hooks';
import type { OpenQueue } from '../../../protocol/api/availability.ts';
import { watchOffer } from './offer-shown.ts';

/** What the API tells of the wait: the estimate, and the slot offered instead of a long one. */
export type WaitAnswer = Pick<OpenQueue, 'expectedWait' | 'callbackInstead'>;

/**
 * The queue's expected wait, asked once and then every `everySeconds` while the caller stays
 * mounted (the ringing screen polls; the API estimates from its call records, so a poll is
 * one small query and no SIP traffic). A failed ask keeps the last answer: the wait is a hint,
 * never a reason to fail the journey. `onOffered` hears of each "call me back instead" offer
 * as it appears.
 */
export function useExpectedWait(
  ask: () => Promise<WaitAnswer | undefined>,
  everySeconds?: number,
  onOffered?: () => void,
): WaitAnswer | undefined {
  const [wait, setWait] = useState<WaitAnswer | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const watch = watchOffer(() => onOffered?.());
    const update = () =>
      ask().then(
        (answer) => {
          if (!live) return;
          watch(answer);
          setWait(answer);
        },
        () => undefined,
      );
    void update();
    const timer = everySeconds ? setInterval(update, everySeconds * 1000) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return wait;
}

import { useEffect, useState } from 'preact/hooks';
import type { CallbackSlot, CallbackSlots } from '../../../protocol/api/callback-slots.ts';

/**
 * The slots the API offers a callback for the visitor's choices, asked when the form shows
 * and again by `refresh` (after the API refused a slot that had passed meanwhile). Until they
 * come, or when asking fails, none: "as soon as possible" is always there.
 */
export function useCallbackSlots(ask: () => Promise<CallbackSlots>): {
  slots: CallbackSlot[];
  refresh(): void;
} {
  const [slots, setSlots] = useState<CallbackSlot[]>([]);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    ask().then(
      (answer) => live && setSlots(answer.slots),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [asked]);
  return { slots, refresh: () => setAsked((count) => count + 1) };
}

import { describe, expect, it } from 'vitest';
import type { WaitAnswer } from './useExpectedWait.ts';
import { watchOffer } from './offer-shown.ts';

const wait = { minutes: 12, moreThan: false, position: 4 };
const slot = (from: string) => ({ from, to: from.replace('T14', 'T15') });
const offering = (from: string): WaitAnswer => ({
  expectedWait: wait,
  callbackInstead: slot(from),
});

describe('the "call me back instead" offer, as the analytics hear of it', () => {
  it('is reported once while it stays through the polls, and again when it comes back', () => {
    let reported = 0;
    const watch = watchOffer(() => (reported += 1));
    const answers: (WaitAnswer | undefined)[] = [
      undefined,
      { expectedWait: wait },
      offering('2026-11-03T14:00:00Z'),
      offering('2026-11-03T14:00:00Z'),
      // The first slot moved on: still the same offer on screen.
      offering('2026-11-03T14:30:00Z'),
      { expectedWait: { ...wait, minutes: 2 } },
      offering('2026-11-03T14:30:00Z'),
    ];
    const after = answers.map((answer) => (watch(answer), reported));
    expect(after).toEqual([0, 0, 1, 1, 1, 1, 2]);
  });

  it('is not reported when there is no wait to show it under', () => {
    let reported = 0;
    watchOffer(() => (reported += 1))({ callbackInstead: slot('2026-11-03T14:00:00Z') });
    expect(reported).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { audioTimeline } from './audio-gaps.ts';

/** Packets 0..count-1 sent every 20 ms from t=0, arriving `delay(i)` ms later unless lost. */
function timeline(
  count: number,
  delay: (i: number) => number | undefined,
  sendAt = (i: number) => i * 20,
) {
  const t = audioTimeline();
  for (let i = 0; i < count; i += 1) t.sent(i, sendAt(i));
  const arrivals = Array.from({ length: count }, (_, i) => ({
    i,
    at: sendAt(i) + (delay(i) ?? NaN),
  }))
    .filter((a) => !Number.isNaN(a.at))
    .sort((a, b) => a.at - b.at);
  for (const { i, at } of arrivals) t.received(i, at);
  return t;
}

describe('audioTimeline', () => {
  it('sees a clean path as 20 ms between packets', () => {
    expect(timeline(100, () => 1).figures()).toEqual({
      largestGapMs: 20,
      packetsReceived: 100,
      packetsSent: 100,
    });
  });

  it('counts packets lost on the way as audio missing', () => {
    const lost = (i: number) => (i >= 40 && i < 50 ? undefined : 1);
    expect(timeline(100, lost).figures().largestGapMs).toBe(220);
  });

  it('counts packets held on the way and released together', () => {
    // 40..49 held until packet 50's time: the listener waited 200 ms after packet 39.
    const held = (i: number) => (i >= 40 && i < 50 ? (50 - i) * 20 + 1 : 1);
    expect(timeline(100, held).figures().largestGapMs).toBeCloseTo(220, 5);
  });

  it('does not blame the path for a sender that fell silent', () => {
    // The sender stalled 300 ms before packet 40 (its own event loop): nothing was lost.
    const stalled = (i: number) => i * 20 + (i >= 40 ? 300 : 0);
    expect(timeline(100, () => 1, stalled).figures().largestGapMs).toBe(20);
  });

  it('counts only packets sent since a moment, when asked', () => {
    const lost = (i: number) => (i >= 10 && i < 20 ? undefined : 1);
    const t = timeline(100, lost);
    expect(t.figures(25 * 20).largestGapMs).toBe(20);
    expect(t.figures(25 * 20).packetsSent).toBe(75);
  });
});

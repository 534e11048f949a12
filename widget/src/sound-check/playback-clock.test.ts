import { describe, expect, it } from 'vitest';
import { formatClock, playbackText } from './playback-clock.ts';

describe('the playback clock', () => {
  it('shows minutes and two-digit seconds, as players do', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(1.9)).toBe('0:01');
    expect(formatClock(65)).toBe('1:05');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });

  it('reads "0:01 / 0:03" one second into a three-second clip', () => {
    expect(playbackText(1.2, 3.01)).toBe('0:01 / 0:03');
  });

  it('reads the clip length at the end, whether the recording came out a bit short or long', () => {
    expect(playbackText(2.987, 2.987)).toBe('0:03 / 0:03');
    expect(playbackText(3.02, 3.02)).toBe('0:03 / 0:03');
  });

  it('shows 0:00 until the clip length is known', () => {
    expect(playbackText(0, 0)).toBe('0:00 / 0:00');
    expect(playbackText(0, Number.NaN)).toBe('0:00 / 0:00');
  });
});

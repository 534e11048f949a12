import { describe, expect, it } from 'vitest';
import { connectingShare, testProgress } from './test-progress.ts';

describe('testProgress', () => {
  it('starts empty and creeps while connecting, never past its share', () => {
    expect(testProgress('connecting', 0)).toBe(0);
    expect(testProgress('connecting', 700)).toBeGreaterThan(5);
    expect(testProgress('connecting', 60_000)).toBeLessThanOrEqual(connectingShare * 100);
  });

  it('fills the rest over the probing time, linearly', () => {
    expect(testProgress('probing', 0, 5000)).toBe(12);
    expect(testProgress('probing', 2500, 5000)).toBe(56);
    expect(testProgress('probing', 4000, 5000)).toBe(82);
  });

  it('never reaches 100 before the verdict, even when probing overruns', () => {
    expect(testProgress('probing', 5000, 5000)).toBe(99);
    expect(testProgress('probing', 9000, 5000)).toBe(99);
  });

  it('never goes back when the channel opens, however long connecting took', () => {
    for (const connectedAfter of [0, 100, 700, 4000])
      expect(testProgress('probing', 0)).toBeGreaterThanOrEqual(
        testProgress('connecting', connectedAfter),
      );
  });

  it('takes a clock gone backwards as no time', () => {
    expect(testProgress('probing', -50, 5000)).toBe(12);
  });
});

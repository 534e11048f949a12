import { describe, expect, it } from 'vitest';
import { inputLevel } from './input-level.ts';

const sine = (amplitude: number) =>
  Float32Array.from({ length: 2048 }, (_, i) => amplitude * Math.sin((2 * Math.PI * i) / 48));

describe('the input level meter', () => {
  it('is empty for silence', () => {
    expect(inputLevel(new Float32Array(2048))).toBe(0);
    expect(inputLevel(new Float32Array(0))).toBe(0);
  });

  it('shows speech-like levels well up the bar, louder higher', () => {
    const speech = inputLevel(sine(0.05)); // about -29 dBFS RMS
    expect(speech).toBeGreaterThan(0.4);
    expect(speech).toBeLessThan(0.6);
    expect(inputLevel(sine(0.5))).toBeGreaterThan(speech);
  });

  it('stays within 0..1 for a clipping signal and for a hiss below the floor', () => {
    expect(inputLevel(new Float32Array(2048).fill(1))).toBe(1);
    expect(inputLevel(sine(0.0005))).toBe(0);
  });
});

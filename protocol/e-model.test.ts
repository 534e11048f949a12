import { describe, expect, it } from 'vitest';
import { mosFromR, rFactor } from './e-model.ts';

describe('the G.107 E-model', () => {
  it('rates a perfect path 93.2 with the default parameters, as G.107 states', () => {
    expect(rFactor({ oneWayDelayMs: 0, lossPct: 0 })).toBeCloseTo(93.2, 1);
    expect(mosFromR(93.2)).toBeCloseTo(4.41, 2);
  });

  it('charges G.711-with-PLC loss as Ie,eff = 95 Ppl / (Ppl + 25.1)', () => {
    const clean = rFactor({ oneWayDelayMs: 0, lossPct: 0 });
    for (const loss of [1, 3, 5, 10]) {
      expect(clean - rFactor({ oneWayDelayMs: 0, lossPct: loss })).toBeCloseTo(
        (95 * loss) / (loss + 25.1),
        6,
      );
    }
    // Codecs without concealment suffer more from the same loss.
    expect(rFactor({ oneWayDelayMs: 0, lossPct: 3, bpl: 4.3 })).toBeLessThan(
      rFactor({ oneWayDelayMs: 0, lossPct: 3 }),
    );
  });

  it('barely minds delay below 150 ms and falls fast beyond 200 ms, as G.114 warns', () => {
    const clean = rFactor({ oneWayDelayMs: 0, lossPct: 0 });
    expect(clean - rFactor({ oneWayDelayMs: 100, lossPct: 0 })).toBeLessThan(3);
    expect(clean - rFactor({ oneWayDelayMs: 150, lossPct: 0 })).toBeLessThan(5);
    // Cole and Rosenbluth's fit of G.107's delay impairment with the default echo loss,
    // Id = 0.024 d + 0.11 (d - 177.3) beyond 177.3 ms, holds within a few points.
    for (const d of [250, 300, 400]) {
      const fit = 0.024 * d + 0.11 * (d - 177.3);
      expect(Math.abs(clean - rFactor({ oneWayDelayMs: d, lossPct: 0 }) - fit)).toBeLessThan(3.5);
    }
  });

  it('gets worse, never better, as delay or loss grows', () => {
    let previous = Infinity;
    for (let delay = 0; delay <= 600; delay += 25) {
      const r = rFactor({ oneWayDelayMs: delay, lossPct: 1 });
      expect(r).toBeLessThanOrEqual(previous);
      previous = r;
    }
    previous = Infinity;
    for (let loss = 0; loss <= 100; loss += 5) {
      const r = rFactor({ oneWayDelayMs: 50, lossPct: loss });
      expect(r).toBeLessThan(previous);
      previous = r;
    }
  });

  it('maps R to MOS with G.107 Annex B: 1 at R <= 0, 4.5 at R >= 100', () => {
    expect(mosFromR(-5)).toBe(1);
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(50)).toBeCloseTo(2.58, 2);
    expect(mosFromR(70)).toBeCloseTo(3.6, 2);
    expect(mosFromR(80)).toBeCloseTo(4.02, 2);
    expect(mosFromR(100)).toBe(4.5);
    expect(mosFromR(120)).toBe(4.5);
  });
});

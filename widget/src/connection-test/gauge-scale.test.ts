import { describe, expect, it } from 'vitest';
import { mosFromR } from '../../../protocol/e-model.ts';
import { assessConnection } from './connection-verdict.ts';
import { gaugeScale, needleTurn } from './gauge-scale.ts';

describe('needleTurn', () => {
  it('spans the dial from the worst to the best score', () => {
    expect(needleTurn(gaugeScale.min)).toBe(0);
    expect(needleTurn(gaugeScale.max)).toBe(1);
    expect(needleTurn(0)).toBe(0);
    expect(needleTurn(9)).toBe(1);
  });

  it("points into each verdict's third of the dial", () => {
    const band = (mos: number) => Math.floor(needleTurn(mos) * 3);
    const cases = [
      { rttMs: 20, jitterMs: 2, lossPct: 0, band: 2 },
      { rttMs: 20, jitterMs: 2, lossPct: 5, band: 1 },
      { rttMs: 300, jitterMs: 40, lossPct: 10, band: 0 },
    ];
    for (const { band: expected, ...figures } of cases) {
      const { verdict, mos } = assessConnection(figures);
      expect(band(mos), verdict).toBe(expected);
      expect(verdict).toBe(['poor', 'acceptable', 'good'][expected]);
    }
  });

  it('puts the thresholds on the band edges and moves steadily between them', () => {
    expect(needleTurn(gaugeScale.low)).toBeCloseTo(1 / 3);
    expect(needleTurn(gaugeScale.high)).toBeCloseTo(2 / 3);
    const turns = [0, 20, 40, 60, 70, 75, 80, 90, 100].map((r) => needleTurn(mosFromR(r)));
    expect(turns).toEqual([...turns].sort((a, b) => a - b));
  });
});

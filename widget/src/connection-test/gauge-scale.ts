import { mosFromR } from '../../../protocol/e-model.ts';
import { acceptableFromR, goodFromR } from './connection-verdict.ts';

/**
 * The gauge's scale: G.107's MOS, 1 to 4.5, with the Acceptable and Good thresholds as marks
 * (also the hidden <meter>'s low and high, for assistive technology).
 */
export const gaugeScale = {
  min: 1,
  low: mosFromR(acceptableFromR),
  high: mosFromR(goodFromR),
  max: 4.5,
};

/**
 * Where the needle points, 0 (left end) to 1 (right end). Each verdict's band takes a third of
 * the dial, as on the seeds' gauge, although on the MOS scale Poor spans 1 to 3.6 and Good
 * only 4.0 to 4.5: the needle then says which band at a glance, and moves linearly within it.
 */
export function needleTurn(mos: number): number {
  const { min, low, high, max } = gaugeScale;
  const within = (from: number, to: number) => Math.min(Math.max((mos - from) / (to - from), 0), 1);
  if (mos < low) return within(min, low) / 3;
  if (mos < high) return (1 + within(low, high)) / 3;
  return (2 + within(high, max)) / 3;
}

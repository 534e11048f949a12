import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import { mosFromR, mouthToEarDelayMs, rFactor } from '../../../protocol/e-model.ts';

export type Verdict = ConnectionTest['verdict'];

/**
 * Thresholds on the E-model rating R, from G.109's categories of speech quality: R >= 80 is
 * "high" (users satisfied), 70 to 80 "medium" (some users dissatisfied), below 70 "low" (many
 * dissatisfied). So: Good, Acceptable, Poor.
 */
export const goodFromR = 80;
export const acceptableFromR = 70;

export interface Assessment {
  verdict: Exclude<Verdict, 'failed'>;
  /** E-model rating R. */
  r: number;
  /** G.107's mean opinion score for R, 1 to 4.5. */
  mos: number;
  /** The mouth-to-ear delay the rating assumed, ms. */
  oneWayDelayMs: number;
}

/**
 * Rates what the probes measured as a call would feel, with the E-model:
 * - delay: mouthToEarDelayMs (half the round trip, a jitter buffer of twice the jitter, one
 *   20 ms frame);
 * - loss: the whole round-trip loss. Probes cannot tell which way they were lost, and loss
 *   is seldom even (a home uplink loses most): the worse direction may have lost all of it,
 *   so the rating plans on that;
 * - codec: G.711 with concealment (protocol/e-model.ts says why).
 */
export function assessConnection({
  rttMs,
  jitterMs,
  lossPct,
}: Pick<ConnectionTest, 'rttMs' | 'jitterMs' | 'lossPct'>): Assessment {
  const oneWayDelayMs = mouthToEarDelayMs({ rttMs, jitterMs });
  const r = rFactor({ oneWayDelayMs, lossPct });
  const verdict = r >= goodFromR ? 'good' : r >= acceptableFromR ? 'acceptable' : 'poor';
  return { verdict, r, mos: mosFromR(r), oneWayDelayMs };
}

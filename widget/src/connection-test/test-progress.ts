import { connectionTestProbeMs } from '../../../protocol/connection-test-timing.ts';

/**
 * Where a running connection test is. Its probing lasts a known time (`probeMs`); connecting
 * before it (the grant, ICE, DTLS, SCTP) usually takes well under a second but may take up
 * to its 4 s budget, so its share of the bar creeps towards a cap and never fills it.
 *
 *   connecting --channel open--> probing --figures--> (the verdict: the bar goes)
 */
export type TestPhase = 'connecting' | 'probing';

/** The share of the bar connecting may take; probing fills the rest, linearly in time. */
export const connectingShare = 0.12;
/** Connecting reaches about two thirds of its share after this long (its usual time). */
const connectingTypicalMs = 700;

/**
 * The bar's value, 0 to 100, `elapsedMs` into `phase`: monotonic across the phases, so the
 * bar never goes back, and never 100 before the verdict.
 */
export function testProgress(
  phase: TestPhase,
  elapsedMs: number,
  probeMs: number = connectionTestProbeMs,
): number {
  const t = Math.max(0, elapsedMs);
  const share =
    phase === 'connecting'
      ? connectingShare * (1 - Math.exp(-t / connectingTypicalMs))
      : connectingShare + (1 - connectingShare) * Math.min(t / probeMs, 0.99);
  return Math.floor(share * 100);
}

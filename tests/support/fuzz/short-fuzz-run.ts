import { expect } from 'vitest';
import type { FuzzTarget } from '../../fuzz/fuzz-target.ts';
import { formatFailure, runFuzzTarget } from '../../fuzz/run-target.ts';

/**
 * The short run of a fuzz target inside `npm test`: one seeded batch (the same inputs every
 * time, so a failure replays), then the target's well-formed input. `npm run fuzz` runs the
 * same target for long. A failure is shrunk for at most `shrinkMs` and shown whole, with
 * what replays it.
 */
export async function expectShortFuzzRunClean(
  target: FuzzTarget,
  { seed, runs, shrinkMs = 30_000 }: { seed: number; runs: number; shrinkMs?: number },
): Promise<void> {
  const result = await runFuzzTarget(target, {
    seed,
    runsPerBatch: runs,
    lanes: 1,
    // One batch (no time to fill), with shrinking bounded.
    durationMs: 0,
    shrinkMs,
  });
  expect(result.failure && formatFailure(result.target, result.failure)).toBeUndefined();
  expect(result.runs).toBe(runs);
}

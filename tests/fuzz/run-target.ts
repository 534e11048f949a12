import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { FuzzHang, within, type FuzzSession, type FuzzTarget } from './fuzz-target.ts';

export interface FuzzRunOptions {
  /** The first batch's seed; batch n runs with `seed + n`, each replayable alone. */
  seed: number;
  /** Runs per fast-check batch. */
  runsPerBatch: number;
  /** Batches start until this much time has passed (the long run); unset: one batch. */
  durationMs?: number;
  /**
   * Batches start until the target was fed this many inputs (the long run's goal), whatever
   * the time; with `durationMs` too, whichever comes first ends it.
   */
  inputs?: number;
  /**
   * Sessions fed side by side, each with its own batches (lane n's batch b has seed
   * `seed + n * laneSeedStride + b`): the target's `lanes`, or 1. Replaying a path runs one.
   */
  lanes?: number;
  /** How long shrinking a failure may take before the smallest input so far is reported. */
  shrinkMs?: number;
  /** Replays one failure (with its batch's `seed`): fast-check's counterexample path. */
  path?: string;
  /**
   * Told the inputs fed so far after each batch, while none failed: a long run says how far it
   * got clean, even when it is stopped before its end.
   */
  onBatch?: (inputs: number) => void;
}

export interface FuzzFailure {
  kind: 'crash' | 'hang';
  /** Replays the failure: `fc.check(property, { seed, path })`. */
  seed: number;
  path: string | null;
  counterexample: string;
  error: string;
}

export interface FuzzResult {
  target: string;
  runs: number;
  inputs: number;
  crashes: number;
  hangs: number;
  failure?: FuzzFailure;
}

/** Lanes' seeds lie this far apart, so no two lanes of a run replay the same batch. */
export const laneSeedStride = 1_000_003;

/** A fuzzed input a product still stuck on this long after the runs counts as a hang. */
const stillServesBoundMs = 30_000;

/**
 * Runs a target's property in seeded batches, on one or more sessions side by side, until its
 * time is up, its input goal is met or it fails, then checks that each session still serves a
 * well-formed input. A failure stops the target: its input is shrunk to the smallest that
 * still fails, and reported with what replays it.
 */
export async function runFuzzTarget(
  target: FuzzTarget,
  options: FuzzRunOptions,
): Promise<FuzzResult> {
  const lanes = options.path === undefined ? (options.lanes ?? target.lanes ?? 1) : 1;
  const sessions: FuzzSession[] = [];
  let runs = 0;
  let failure: FuzzFailure | undefined;
  try {
    for (let lane = 0; lane < lanes; lane += 1) sessions.push(await target.start());
    const fed = () => sessions.reduce((sum, session) => sum + session.inputs, 0);
    const deadline = Date.now() + (options.durationMs ?? 0);
    const goalMet = () =>
      options.inputs === undefined
        ? Date.now() >= deadline
        : fed() >= options.inputs || (options.durationMs !== undefined && Date.now() >= deadline);
    const feed = async (session: FuzzSession, lane: number) => {
      for (let batch = 0; !failure && (batch === 0 || !goalMet()); batch += 1) {
        const seed = (options.seed + lane * laneSeedStride + batch) | 0;
        const timeLeft = Math.max(deadline - Date.now(), 0);
        const details = await fc.check(session.property, {
          seed,
          numRuns: options.runsPerBatch,
          ...(options.path === undefined ? {} : { path: options.path }),
          ...(options.durationMs === undefined || options.inputs !== undefined
            ? {}
            : { interruptAfterTimeLimit: timeLeft + (options.shrinkMs ?? 60_000) }),
        });
        runs += details.numRuns;
        if (details.failed) failure ??= describeFailure(details);
        if (!failure) options.onBatch?.(fed());
      }
    };
    await Promise.all(sessions.map(feed));
    if (!failure) {
      try {
        for (const session of sessions)
          await within(
            session.stillServes(),
            stillServesBoundMs,
            'a well-formed input after the runs',
          );
      } catch (error) {
        failure = {
          kind: 'hang',
          seed: options.seed,
          path: null,
          counterexample: 'every input of the run, together',
          error: `no longer serves: ${String(error)}`,
        };
      }
    }
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
  }
  return {
    target: target.name,
    runs,
    inputs: sessions.reduce((sum, session) => sum + session.inputs, 0),
    crashes: failure?.kind === 'crash' ? 1 : 0,
    hangs: failure?.kind === 'hang' ? 1 : 0,
    ...(failure ? { failure } : {}),
  };
}

function describeFailure(details: fc.RunDetails<unknown>): FuzzFailure {
  const error = details.errorInstance;
  const hang = error instanceof FuzzHang || /Property timeout/.test(String(error));
  return {
    kind: hang ? 'hang' : 'crash',
    seed: details.seed,
    path: details.counterexamplePath,
    counterexample: fc.stringify(details.counterexample),
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
}

/** Fuzz data is synthetic: printed whole, but a 64 KiB message is kept to a file. */
const printedChars = 2_000;

/**
 * A failure as a person reads it: the target, what went wrong, how to replay it, and the
 * counterexample (in full in `test-results/fuzz/` when it is long).
 */
export function formatFailure(target: string, failure: FuzzFailure): string {
  let example = failure.counterexample;
  if (example.length > printedChars) {
    mkdirSync('test-results/fuzz', { recursive: true });
    const file = `test-results/fuzz/${target}-${failure.seed}.txt`;
    writeFileSync(file, example);
    example = `${example.slice(0, printedChars)}... (${example.length} chars, whole in ${file})`;
  }
  return [
    `fuzz target ${target}: ${failure.kind}: ${failure.error}`,
    `replay: seed ${failure.seed}, path ${JSON.stringify(failure.path)}`,
    `counterexample: ${example}`,
  ].join('\n');
}

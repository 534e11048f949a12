// `npm run fuzz`: every fuzz target, each until it was fed 1,000,000 inputs, with a random seed
// (the short seeded runs are in `npm test`). Prints one JSON line per metric and target, then
// the totals:
//   {"metric":"fuzz_inputs","value":N,"unit":"inputs","target":"sip-websocket","seed":S}
// and how the process's memory compares before and after each target (after a first session
// opened and closed, then with its sessions closed; after a full collection each time):
// `fuzz_heap_growth_mb` (JavaScript objects and buffers) and `fuzz_rss_growth_mb`.
// `fuzz_crashes` counts wrong answers as well as exceptions (a 5xx, a request left unanswered,
// an error that escaped to the process); `fuzz_hangs` counts inputs left without an answer or a
// return within their bound, and a target that no longer serves after its runs. A failure is
// printed on stderr with what replays it (`--target T --seed S --path P`: that input alone;
// the trunk targets keep one client across runs, so a failure that needed the runs before it
// shows in the counterexample but may not replay alone). Exits non-zero on any crash or hang,
// and when a target could not be measured (it did not start, or fed no input). Targets that
// wait on the network run several sessions side by side (their `lanes`). On two cores the
// whole run takes hours: `--inputs` sets another goal, `--seconds` a time limit instead.
//   node --expose-gc tests/fuzz/run-fuzz.ts [--inputs 1000000 | --seconds S] [--target NAME]...
//     [--lanes K] [--seed N [--path P]]
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { memoryReading } from './memory-reading.ts';
import { formatFailure, runFuzzTarget, type FuzzResult } from './run-target.ts';
import { fuzzTargets } from './targets.ts';

const { values } = parseArgs({
  options: {
    /** Inputs to feed each target. */
    inputs: { type: 'string', default: '1000000' },
    /** Time for each target instead; a failure found near the end may take longer to shrink. */
    seconds: { type: 'string' },
    /** Sessions side by side, for every target (default: each target's own). */
    lanes: { type: 'string' },
    target: { type: 'string', multiple: true },
    /** The first batch's seed; random by default. */
    seed: { type: 'string' },
    /** Replays one failure: fast-check's path, with the failing batch's seed. */
    path: { type: 'string' },
    'runs-per-batch': { type: 'string', default: '200' },
  },
});

const chosen = values.target ?? fuzzTargets.map((target) => target.name);
const unknown = chosen.filter((name) => !fuzzTargets.some((target) => target.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown target(s) ${unknown.join(', ')}; there are ${fuzzTargets.map((t) => t.name).join(', ')}`,
  );
  process.exit(2);
}
const seed = values.seed === undefined ? randomInt(2 ** 31) : Number(values.seed);
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
const inputs = seconds === undefined ? Number(values.inputs) : undefined;
const lanes = values.lanes === undefined ? undefined : Number(values.lanes);
const runsPerBatch = Number(values['runs-per-batch']);
const positive = (n: number | undefined) => n === undefined || n > 0;
if (
  !Number.isInteger(seed) ||
  !positive(seconds) ||
  !positive(inputs) ||
  !(lanes === undefined || (Number.isInteger(lanes) && lanes > 0)) ||
  !(runsPerBatch > 0)
) {
  console.error(
    '--seed must be an integer, --lanes a positive integer, --inputs, --seconds and --runs-per-batch positive numbers',
  );
  process.exit(2);
}
if (typeof globalThis.gc !== 'function')
  console.error('run with node --expose-gc: without it the memory figures include garbage');
const progressEvery = 50_000;
const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

const line = (metric: string, value: number, unit: string, target: string) =>
  console.log(JSON.stringify({ metric, value, unit, target, seed }));

const results: FuzzResult[] = [];
let unmeasured = 0;
for (const target of fuzzTargets.filter((t) => chosen.includes(t.name))) {
  const started = Date.now();
  let result: FuzzResult;
  let before: Awaited<ReturnType<typeof memoryReading>>;
  try {
    // One session opened and closed first: what the target costs once loaded (its modules,
    // the migrated database the API's sessions copy) is its level, not growth from the runs.
    await (await target.start()).close();
    before = await memoryReading();
    let told = 0;
    result = await runFuzzTarget(target, {
      seed,
      runsPerBatch,
      // Progress on stderr every 50,000 inputs: a run stopped before its end still says how
      // far it got.
      onBatch: (fed) => {
        if (fed < told + progressEvery) return;
        told = fed - (fed % progressEvery);
        const seconds = Math.round((Date.now() - started) / 1000);
        console.error(`fuzz target ${target.name}: ${fed} inputs so far, ${seconds} s, no failure`);
      },
      ...(lanes === undefined ? {} : { lanes }),
      ...(values.path !== undefined
        ? { path: values.path }
        : seconds === undefined
          ? { inputs: inputs ?? 0 }
          : { durationMs: seconds * 1000 }),
    });
  } catch (error) {
    console.error(`fuzz target ${target.name} could not be measured: ${String(error)}`);
    unmeasured += 1;
    continue;
  }
  results.push(result);
  if (result.inputs === 0) unmeasured += 1;
  if (result.failure) console.error(formatFailure(target.name, result.failure));
  console.error(
    `fuzz target ${target.name}: ${result.inputs} inputs in ${result.runs} runs, ${Math.round((Date.now() - started) / 1000)} s`,
  );
  line('fuzz_inputs', result.inputs, 'inputs', target.name);
  line('fuzz_crashes', result.crashes, 'crashes', target.name);
  line('fuzz_hangs', result.hangs, 'hangs', target.name);
  // Read once the run is over and what the product may rightly still hold (its transactions)
  // has run out: what stays is what it kept.
  if (target.lingerMs) await new Promise((resolve) => setTimeout(resolve, target.lingerMs));
  const after = await memoryReading();
  line(
    'fuzz_heap_growth_mb',
    megabytes(after.heapAndBuffers - before.heapAndBuffers),
    'MB',
    target.name,
  );
  line('fuzz_rss_growth_mb', megabytes(after.rss - before.rss), 'MB', target.name);
}

const total = (key: 'inputs' | 'crashes' | 'hangs') => results.reduce((sum, r) => sum + r[key], 0);
line('fuzz_inputs', total('inputs'), 'inputs', 'all');
line('fuzz_crashes', total('crashes'), 'crashes', 'all');
line('fuzz_hangs', total('hangs'), 'hangs', 'all');
// Sockets of a target that failed half-way may still be open: nothing more is needed of them.
process.exit(total('crashes') + total('hangs') + unmeasured > 0 ? 1 : 0);

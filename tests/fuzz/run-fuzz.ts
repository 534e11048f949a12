// `npm run fuzz`: every fuzz target, each for a while with a random seed (the short seeded runs
// are in `npm test`). Prints one JSON line per metric and target, then the totals:
//   {"metric":"fuzz_inputs","value":N,"unit":"inputs","target":"sip-websocket","seed":S}
// `fuzz_crashes` counts wrong answers as well as exceptions (a 5xx, a request left unanswered,
// an error that escaped to the process); `fuzz_hangs` counts inputs left without an answer or a
// return within their bound, and a target that no longer serves after its runs. A failure is
// printed on stderr with what replays it (`--target T --seed S --path P`: that input alone;
// the trunk targets keep one client across runs, so a failure that needed the runs before it
// shows in the counterexample but may not replay alone). Exits non-zero on any crash or hang,
// and when a target could not be measured (it did not start, or fed no input). At 30 s a
// target gets 2,000 to 80,000 inputs on two cores; `--seconds` buys more.
//   node tests/fuzz/run-fuzz.ts [--seconds 30] [--target NAME]... [--seed N [--path P]]
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { formatFailure, runFuzzTarget, type FuzzResult } from './run-target.ts';
import { fuzzTargets } from './targets.ts';

const { values } = parseArgs({
  options: {
    /** Time for each target; a failure found near the end may take longer to shrink. */
    seconds: { type: 'string', default: '30' },
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
const seconds = Number(values.seconds);
const runsPerBatch = Number(values['runs-per-batch']);
if (!Number.isInteger(seed) || !(seconds > 0) || !(runsPerBatch > 0)) {
  console.error('--seed must be an integer, --seconds and --runs-per-batch positive numbers');
  process.exit(2);
}

const line = (metric: string, value: number, unit: string, target: string) =>
  console.log(JSON.stringify({ metric, value, unit, target, seed }));

const results: FuzzResult[] = [];
let unmeasured = 0;
for (const target of fuzzTargets.filter((t) => chosen.includes(t.name))) {
  const started = Date.now();
  let result: FuzzResult;
  try {
    result = await runFuzzTarget(target, {
      seed,
      runsPerBatch,
      ...(values.path === undefined ? { durationMs: seconds * 1000 } : { path: values.path }),
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
}

const total = (key: 'inputs' | 'crashes' | 'hangs') => results.reduce((sum, r) => sum + r[key], 0);
line('fuzz_inputs', total('inputs'), 'inputs', 'all');
line('fuzz_crashes', total('crashes'), 'crashes', 'all');
line('fuzz_hangs', total('hangs'), 'hangs', 'all');
// Sockets of a target that failed half-way may still be open: nothing more is needed of them.
process.exit(total('crashes') + total('hangs') + unmeasured > 0 ? 1 : 0);

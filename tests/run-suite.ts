// `npm test`: lint (ESLint with the boundary rules, Prettier, tsc, unused code), then every
// vitest project inside a private network namespace that holds only `lo`, so calls, captures
// and imposed network conditions stay on this machine and never meet the host's other
// interfaces.
// Ends with the plain "N passed, N failed" line CI reads. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { z } from 'zod';
import { imagesPrefetch } from './support/containers/images-prefetch.ts';

const resultsFile = 'test-results/vitest.json';

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

mkdirSync('test-results', { recursive: true });
// The deploy project runs last and needs the container images, ~12 min to build on a fresh
// machine, mostly downloads and unpacking: built meanwhile, beside lint and the other tests.
const prefetch = imagesPrefetch(process.argv.slice(2), 'test-results/build-images.log');

const lintSteps: [string, string[]][] = [
  ['eslint', ['.']],
  ['prettier', ['--check', '--log-level', 'warn', '.']],
  ['tsc', ['-p', 'tsconfig.json']],
  ['node', ['infra/lint/unused-code.ts']],
];
for (const [command, args] of lintSteps) {
  if (run(command, args) !== 0) {
    console.error(`\nlint step failed: ${command} ${args.join(' ')}`);
    prefetch?.stop();
    process.exit(1);
  }
}

rmSync(resultsFile, { force: true });
const vitest = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
];
const inNamespace = `ip link set lo up && exec ${[...vitest, ...process.argv.slice(2)].join(' ')}`;
// As root a network namespace is enough; otherwise a user namespace grants the capability.
const unshareFlags = process.getuid?.() === 0 ? ['-n'] : ['-r', '-n'];
const status = run('unshare', [...unshareFlags, 'sh', '-c', inNamespace]);
prefetch?.stop();

const VitestJsonSchema = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
});
let summary: z.infer<typeof VitestJsonSchema>;
try {
  summary = VitestJsonSchema.parse(JSON.parse(readFileSync(resultsFile, 'utf8')));
} catch (error) {
  console.error(`\nvitest left no readable results (${String(error)})`);
  process.exit(status || 1);
}
const skipped = summary.numPendingTests + summary.numTodoTests;
console.log(
  `\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(status !== 0 || summary.numFailedTests > 0 || skipped > 0 ? status || 1 : 0);

// `node infra/lint/unused-code.ts [directory]`: unused files, exports and dependencies, for
// `npm run lint` and `npm test`. Knip runs twice with the repo's knip.config.ts: over
// everything (tests, scripts and benches count as users), then in production mode, where a
// test's import is no use: code in src/ that only tests reach fails the second run.
// Exits non-zero, naming what is unused, when either run finds something.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const knip = fileURLToPath(new URL('../../node_modules/knip/bin/knip.js', import.meta.url));
const config = fileURLToPath(new URL('../../knip.config.ts', import.meta.url));
const directory = process.argv[2] ?? '.';

for (const mode of [[], ['--production']]) {
  const run = spawnSync(
    process.execPath,
    [knip, '--directory', directory, '--config', config, '--no-progress', ...mode],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) {
    console.error(`\nunused code (knip ${mode.join(' ') || 'over everything'}): remove it`);
    process.exit(run.status || 1);
  }
}

import { describe, it } from 'vitest';
import { sitesFileTarget } from '../../fuzz/targets/sites-file.ts';
import { expectShortFuzzRunClean } from './short-fuzz-run.ts';

// The sites file as the API reloads it, mutated in structure and text, or replaced by
// something else (tests/fuzz/targets/sites-file.ts). The long run is `npm run fuzz`.
describe('fuzzing the sites file', () => {
  it('loads and serves it, or refuses it with a clear error and keeps the last good config', async () => {
    await expectShortFuzzRunClean(sitesFileTarget, { seed: 15, runs: 300 });
  });
});

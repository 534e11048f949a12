import { describe, it } from 'vitest';
import { apiRoutesTarget } from '../../tests/fuzz/targets/api-routes.ts';
import { expectShortFuzzRunClean } from '../../tests/support/fuzz/short-fuzz-run.ts';

// Every route of the OpenAPI document with valid, mutated and junk bodies, parameters,
// methods and headers (tests/fuzz/targets/api-routes.ts). The long run is `npm run fuzz`.
describe('fuzzing every route of the API', () => {
  it('never answers 5xx, and every 4xx is a JSON {code, message}', async () => {
    await expectShortFuzzRunClean(apiRoutesTarget, { seed: 8898, runs: 300 });
  });
});

import { describe, it } from 'vitest';
import { postMessageTarget } from '../../fuzz/targets/post-message.ts';
import { expectShortFuzzRunClean } from './short-fuzz-run.ts';

describe('fuzzing postMessage data between the embed loader and the widget', () => {
  it('never throws, and the loader takes exactly what the contract takes', async () => {
    await expectShortFuzzRunClean(postMessageTarget, { seed: 15, runs: 400 });
  }, 60_000);
});

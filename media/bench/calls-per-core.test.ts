import { describe, expect, it } from 'vitest';
import type { WebCallResult } from '../../tests/support/caller/web-caller.ts';
import { measureCallsPerCore } from './calls-per-core.ts';
import type { ConcurrentRun } from './concurrent-calls.ts';

/** A hold of `count` calls, `lost` packets of 1000 per call lost, the gateway on `cores`. */
function run(count: number, { lost = 0, cores = 0.5, held = count } = {}): ConcurrentRun {
  const result = {
    status: 200,
    packets: { sent: 1000, received: 1000 - lost, expected: 1000, ssrc: 1 },
    timings: { inviteSentAt: 0, ringingAt: 1, answeredAt: 2, endedAt: 20_002 },
  } as WebCallResult;
  return {
    results: Array.from({ length: count }, () => result),
    failures: [],
    heldCalls: held,
    heldSeconds: 60,
    cpuSeconds: cores * 60,
    cpuSecondsByPart: {},
    idleCores: 0,
    cpuSamples: [],
    callerLoopDelayP99Ms: 0,
    callers: {
      cpuSeconds: 1,
      sendRatePct: 100,
      sender: {
        due: 1,
        sent: 1,
        skipped: 0,
        latenessP50Ms: 0,
        latenessP99Ms: 0,
        latenessMaxMs: 0,
      },
    },
    udpDropsInHold: {},
  };
}

describe('calls_per_core_at_0_1pct_loss', () => {
  it('is the largest count held within the loss budget over the cores it took', async () => {
    const held: number[] = [];
    const loads: Record<number, ConcurrentRun> = {
      50: run(50, { cores: 0.25 }),
      100: run(100, { cores: 0.5 }),
      150: run(150, { cores: 0.75, lost: 5 }), // 0.5 % loss: over budget, stepping stops
    };
    const { line, problems } = await measureCallsPerCore({
      lossBudgetPct: 0.1,
      hold: async (count) => (held.push(count), loads[count]!),
      log: () => undefined,
    });
    expect(held).toEqual([50, 100, 150]);
    expect(line.value).toBe(200);
    expect(line.derived_from).toBe('100 calls held at 0 % loss using 0.5 gateway cores');
    expect(problems).toEqual([]);
  });

  it('counts no step whose calls were not all up at once, and says it could not measure', async () => {
    const { line, problems } = await measureCallsPerCore({
      lossBudgetPct: 0.1,
      hold: async (count) => run(count, { held: count - 1 }),
      log: () => undefined,
    });
    expect(line.value).toBeNaN();
    expect(problems).toEqual(['no step held all its calls within 0.1 % loss']);
  });
});

import { describe, expect, it } from 'vitest';
import type { WebCallResult } from '../../tests/support/caller/web-caller.ts';
import { callerSendRateLine, callsArgument } from './caller-figures.ts';
import type { ConcurrentRun } from './concurrent-calls.ts';
import type { LoadFigures } from './load-figures.ts';

describe('--calls', () => {
  it('holds the number given, or the default without the option', () => {
    expect(callsArgument(['node', 'call-bench.ts', '--calls', '200'])).toBe(200);
    expect(callsArgument(['node', 'call-bench.ts', '--quick'])).toBeUndefined();
  });

  it.each(['0', '2.5', 'many', undefined])('refuses %s, naming the option', (value) => {
    const argv = ['node', 'call-bench.ts', '--calls', ...(value === undefined ? [] : [value])];
    expect(() => callsArgument(argv)).toThrow(/--calls wants a whole number of calls/);
  });
});

describe('caller_send_rate_pct', () => {
  const call = (received: number, heardTone: number, sipCallId: string) =>
    ({
      status: 200,
      sipCallId,
      packets: { sent: 500, received, expected: received, ssrc: 1, heardTone },
    }) as WebCallResult;
  const load = (results: WebCallResult[]) =>
    ({
      results,
      heldCalls: results.length,
      heldSeconds: 10,
      callers: {
        cpuSeconds: 1,
        sendRatePct: 99.5,
        sender: {
          due: 1000,
          sent: 995,
          skipped: 5,
          latenessP50Ms: 1,
          latenessP99Ms: 3,
          latenessMaxMs: 101,
        },
      },
    }) as ConcurrentRun;
  const figures = { callerSendRatePct: 99.5, callerSendRateWholeCallPct: 99 } as LoadFigures;

  it('is within budget at 98 % and more', () => {
    const { line } = callerSendRateLine(load([call(500, 500, 'a')]), figures);
    expect(line).toMatchObject({ value: 99.5, within_budget: true, calls_without_agent_tone: 0 });
  });

  it('names a call that received packets without the agent tone (garbage audio)', () => {
    const { line, problems } = callerSendRateLine(
      load([call(500, 500, 'a'), call(500, 40, 'b')]),
      figures,
    );
    expect(line.calls_without_agent_tone).toBe(1);
    expect(problems).toEqual(["call b: only 40 of 500 packets carried the agent's 1000 Hz tone"]);
  });
});

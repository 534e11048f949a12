import { describe, expect, expectTypeOf, it } from 'vitest';
import { callPhases, type CallPhase } from '../../../protocol/call-phase.ts';
import { formatDuration, nextCallState, type CallEvent, type CallState } from './call-state.ts';

const run = (events: CallEvent[]): CallState =>
  events.reduce(nextCallState, { phase: 'idle' } as CallState);

describe('call state', () => {
  it("speaks the protocol's phases (protocol/call-phase.ts), with idle before the first call", () => {
    expectTypeOf<Exclude<CallState['phase'], 'idle'>>().toEqualTypeOf<CallPhase>();
    const seen = new Set<string>();
    const walk = (events: CallEvent[]) =>
      events.forEach((_, i) => seen.add(run(events.slice(0, i + 1)).phase));
    walk([{ type: 'dial' }, { type: 'ringing' }, { type: 'answered', at: 1 }]);
    walk([{ type: 'dial' }, { type: 'ended', code: 'busy' }]);
    expect([...seen].sort()).toEqual([...callPhases].sort());
  });

  it('walks a normal call and keeps the agent name from ringing to talking', () => {
    expect(
      run([
        { type: 'dial' },
        { type: 'ringing' },
        { type: 'agent', name: 'Gloria Mcgee' },
        { type: 'answered', at: 5 },
      ]),
    ).toEqual({ phase: 'talking', answeredAt: 5, agentName: 'Gloria Mcgee' });
  });

  it('knows when the agent holds the call, and only while talking', () => {
    const talking = run([{ type: 'dial' }, { type: 'answered', at: 1 }]);
    expect(nextCallState(talking, { type: 'hold', held: true })).toMatchObject({
      phase: 'talking',
      held: true,
    });
    expect(nextCallState({ phase: 'connecting' }, { type: 'hold', held: true })).toEqual({
      phase: 'connecting',
    });
  });

  it('ends with the reason, ignores late events, and can call again', () => {
    const ended = run([
      { type: 'dial' },
      { type: 'ended', code: 'busy' },
      { type: 'answered', at: 1 },
    ]);
    expect(ended).toEqual({ phase: 'ended', code: 'busy' });
    expect(nextCallState(ended, { type: 'dial' })).toEqual({ phase: 'connecting' });
  });

  it('formats the call timer as the seeds show it', () => {
    expect(formatDuration(48_900)).toBe('00:48');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});

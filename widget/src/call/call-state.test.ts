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

  it('rings again while the agent transfers the call, then talks to the new agent', () => {
    const talking = run([
      { type: 'dial' },
      { type: 'answered', at: 1 },
      { type: 'agent', name: 'Alice Agent' },
    ]);
    const ringing = nextCallState(talking, { type: 'transfer', transferring: true, at: 2 });
    // Another agent's phone rings: not Alice's name any more.
    expect(ringing).toEqual({ phase: 'ringing' });
    const through = [
      { type: 'transfer', transferring: false, at: 9 },
      { type: 'agent', name: 'Bob Agent' },
    ] satisfies CallEvent[];
    expect(through.reduce(nextCallState, ringing)).toEqual({
      phase: 'talking',
      answeredAt: 9,
      agentName: 'Bob Agent',
    });
    // Only a call that was talking is transferred; a transfer's end alone answers nothing.
    expect(
      nextCallState({ phase: 'connecting' }, { type: 'transfer', transferring: true, at: 2 }),
    ).toEqual({ phase: 'connecting' });
    expect(nextCallState(talking, { type: 'transfer', transferring: false, at: 3 })).toBe(talking);
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

import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { es } from '../i18n/es.ts';
import { callTitle } from './call-title.ts';

const team = 'English Technical Support';

describe('the call screen title', () => {
  it('names the agent who answered, not "Your call"', () => {
    const talking = { phase: 'talking', answeredAt: 0, agentName: 'Gloria Mcgee' } as const;
    expect(callTitle(talking, team, en.call)).toBe('Talking to Gloria Mcgee');
    expect(callTitle(talking, team, es.call)).toBe('Hablando con Gloria Mcgee');
  });

  it('names the team while it rings, and when the PBX never names the agent', () => {
    expect(callTitle({ phase: 'ringing' }, team, en.call)).toBe(`Calling ${team}`);
    expect(callTitle({ phase: 'talking', answeredAt: 0 }, team, en.call)).toBe(
      `Talking to ${team}`,
    );
  });

  it('says the call ended', () => {
    expect(callTitle({ phase: 'ended', code: 'agent_hung_up' }, team, en.call)).toBe('Call ended');
  });
});

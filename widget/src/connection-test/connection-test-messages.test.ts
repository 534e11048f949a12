import { describe, expect, it } from 'vitest';
import { connectionTestProbeMs } from '../../../protocol/connection-test-timing.ts';
import { connectionTestMessages } from './connection-test-messages.ts';

describe('connectionTestMessages', () => {
  it('has every string in every language, translated', () => {
    const { en, ...others } = connectionTestMessages;
    for (const [language, messages] of Object.entries(others)) {
      expect(Object.keys(messages).sort(), language).toEqual(Object.keys(en).sort());
      expect(messages.next, language).not.toBe(en.next);
      expect(messages.summary.failed, language).not.toBe(en.summary.failed);
    }
  });

  it('tells how long the measuring takes, as long as it does', () => {
    for (const messages of Object.values(connectionTestMessages))
      expect(messages.phase.probing).toContain(` ${Math.round(connectionTestProbeMs / 1000)} `);
  });

  it('writes figures the way each language does', () => {
    expect(connectionTestMessages.en.ms(12.5)).toBe('12.5\u00a0ms');
    expect(connectionTestMessages.de.ms(12.5)).toBe('12,5\u00a0ms');
    expect(connectionTestMessages.en.percent(5.9)).toBe('5.9%');
    expect(connectionTestMessages.fr.percent(5.9)).toMatch(/^5,9\s%$/);
  });
});

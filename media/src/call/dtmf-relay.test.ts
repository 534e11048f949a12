import { describe, expect, it } from 'vitest';
import { dtmfRelaySignal } from './dtmf-relay.ts';

describe('dtmfRelaySignal', () => {
  it('reads the key of a dtmf-relay INFO', () => {
    expect(dtmfRelaySignal('application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n')).toBe('5');
    expect(dtmfRelaySignal('application/dtmf-relay', 'Signal= #\r\n')).toBe('#');
  });

  it('refuses other content, several keys and junk', () => {
    expect(dtmfRelaySignal('application/json', 'Signal=5')).toBeUndefined();
    expect(dtmfRelaySignal('application/dtmf-relay', 'Signal=55')).toBeUndefined();
    expect(dtmfRelaySignal('application/dtmf-relay', 'Signal=x')).toBeUndefined();
    expect(dtmfRelaySignal(undefined, '')).toBeUndefined();
  });
});

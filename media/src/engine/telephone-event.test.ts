import { describe, expect, it } from 'vitest';
import { dtmfEventCode, telephoneEventPayload } from './telephone-event.ts';

describe('RFC 4733 telephone events', () => {
  it('numbers the keys as RFC 4733 does', () => {
    expect(['0', '9', '*', '#', 'a', 'D'].map(dtmfEventCode)).toEqual([0, 9, 10, 11, 12, 15]);
    expect(dtmfEventCode('x')).toBeUndefined();
    expect(dtmfEventCode('12')).toBeUndefined();
  });

  it('encodes event, end bit, volume and duration', () => {
    expect([...telephoneEventPayload(11, false, 160)]).toEqual([11, 10, 0, 160]);
    expect([...telephoneEventPayload(4, true, 800, 12)]).toEqual([4, 0x80 | 12, 3, 32]);
  });
});

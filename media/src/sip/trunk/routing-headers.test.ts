import { describe, expect, it } from 'vitest';
import { routingHeaderLines } from './routing-headers.ts';
import { InvalidTrunkHeaderError } from './trunk-errors.ts';

describe('routing headers', () => {
  it('turns validated headers into header lines', () => {
    expect(routingHeaderLines({ 'X-Intent': 'sales', 'X-Call-Id': 'abc-1' })).toEqual([
      'X-Intent: sales',
      'X-Call-Id: abc-1',
    ]);
  });

  it.each([
    [{ 'X-Intent': 'sales\r\nVia: SIP/2.0/UDP evil' }, /control characters/],
    [{ 'X-Lang': 'en\n' }, /control characters/],
    [{ 'X-Long': 'x'.repeat(257) }, /too long/],
    [{ 'X Bad': 'v' }, /SIP token/],
    [{ 'X-Bad:': 'v' }, /SIP token/],
    [{ 'Call-ID': 'hijack' }, /reserved/],
    [{ contact: '<sip:evil@x>' }, /reserved/],
    [{ 'Session-Expires': '1' }, /reserved/],
  ])('refuses %j', (headers, message) => {
    expect(() => routingHeaderLines(headers)).toThrow(InvalidTrunkHeaderError);
    expect(() => routingHeaderLines(headers)).toThrow(message);
  });

  it('refuses too many headers', () => {
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`X-H${i}`, 'v']));
    expect(() => routingHeaderLines(many)).toThrow(/too many/);
  });
});

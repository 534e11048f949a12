import { describe, expect, it } from 'vitest';
import { SipFramingError, StreamFramer } from './stream-framer.ts';

const message = (body: string) =>
  `SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('TCP framing by Content-Length', () => {
  it('splits messages that arrive together, and joins messages that arrive in pieces', () => {
    const framer = new StreamFramer();
    const a = message('v=0\r\n');
    const b = message('');
    const both = Buffer.from(a + b);
    expect(framer.push(both.subarray(0, 10))).toEqual([]);
    expect(framer.push(both.subarray(10, a.length + 3))).toEqual([a]);
    expect(framer.push(both.subarray(a.length + 3))).toEqual([b]);
  });

  it('counts the body in bytes, not characters, and skips keep-alive CRLFs', () => {
    const framer = new StreamFramer();
    const utf8 = message('s=Zoë\r\n');
    expect(framer.push(Buffer.from(`\r\n\r\n${utf8}\r\n`))).toEqual([utf8]);
  });

  it('refuses a stream it cannot frame', () => {
    expect(() => new StreamFramer().push(Buffer.from('GARBAGE\r\n\r\n'))).toThrow(SipFramingError);
    expect(() =>
      new StreamFramer().push(Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 999999\r\n\r\n')),
    ).toThrow(/too large/);
    expect(() => new StreamFramer().push(Buffer.alloc(70_000, 0x41))).toThrow(/too long/);
  });
});

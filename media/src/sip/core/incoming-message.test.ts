import { describe, expect, it } from 'vitest';
import { LoggerFactory } from 'sip.js/lib/core/index.js';
import { parseIncomingSip } from './incoming-message.ts';
import type { RequestPolicy } from './request-verdict.ts';

const factory = new LoggerFactory();
factory.builtinEnabled = false;
const logger = factory.getLogger('test');
const policy: RequestPolicy = {
  allowedMethods: ['INVITE', 'ACK', 'BYE', 'OPTIONS'],
  supportedOptionTags: [],
  sdpMethods: ['INVITE'],
};

const ok200 = [
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport=5070',
  'From: <sip:gateway@127.0.0.1>;tag=f1',
  'To: <sip:queue@127.0.0.1>;tag=t1',
  'Call-ID: c1',
  'CSeq: 1 INVITE',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('incoming SIP validation', () => {
  it('accepts a well-formed response', () => {
    const parsed = parseIncomingSip(ok200, logger, policy);
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['binary', '\u0000\u0001\u0002\r\n\r\n'],
    ['no CRLF', 'SIP/2.0 200 OK'],
    ['bad status line', 'SIP/2.0 2000 OK\r\n\r\n'],
    ['no CSeq', ok200.replace('CSeq: 1 INVITE\r\n', '')],
    ['no Call-ID', ok200.replace('Call-ID: c1\r\n', '')],
    ['no Via', ok200.replace(/Via: [^\r]*\r\n/, '')],
    ['no From tag', ok200.replace(';tag=f1', '')],
    ['bad CSeq', ok200.replace('CSeq: 1 INVITE', 'CSeq: x INVITE')],
    ['bad From', ok200.replace('From: <sip:gateway@127.0.0.1>', 'From: <<<')],
    ['huge', `${ok200}${'x'.repeat(70_000)}`],
    [
      'request without Call-ID',
      'BYE sip:g@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n',
    ],
  ])('drops %s', (_name, text) => {
    expect(parseIncomingSip(text, logger, policy).ok).toBe(false);
  });

  it('counts the size as read: bytes that are not UTF-8 grow threefold, and so would the answer', () => {
    // 30,000 bytes of 0x80 arrive as 30,000 U+FFFD, 90,000 bytes once copied into a 400.
    const options = [
      'OPTIONS sip:gateway@127.0.0.1 SIP/2.0',
      `Via: ${Buffer.alloc(30_000, 0x80).toString('utf8')} SIP/2.0/UDP h;branch=z9hG4bK1`,
      'From: <sip:pbx@127.0.0.1>;tag=f1',
      'To: <sip:gateway@127.0.0.1>',
      'Call-ID: c1',
      'CSeq: 1 OPTIONS',
      '',
      '',
    ].join('\r\n');
    expect(parseIncomingSip(options, logger, policy)).toEqual({ ok: false, reason: 'too large' });
    // The same request with ASCII junk of that size is refused, and its answer stays small.
    const ascii = options.replace(/\ufffd+/, 'x'.repeat(30_000));
    const parsed = parseIncomingSip(ascii, logger, policy);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.refusal?.status).toBe(400);
  });
});

import { describe, expect, it } from 'vitest';
import { LoggerFactory, Parser } from 'sip.js/lib/core/index.js';
import type { IncomingResponseMessage } from 'sip.js/lib/core/index.js';
import { strongestChallengeOnly } from './strongest-challenge.ts';

const response = (status: number, challengeLines: string[]) =>
  [
    `SIP/2.0 ${status} ${status === 401 ? 'Unauthorized' : 'Proxy Authentication Required'}`,
    'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1234',
    'From: <sip:gateway@127.0.0.1>;tag=abc',
    'To: <sip:queue@127.0.0.1>;tag=def',
    'Call-ID: call-1',
    'CSeq: 1 INVITE',
    ...challengeLines,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

/** The challenge sip.js's core will answer, read as the core reads it. */
const answered = (text: string, header: string) =>
  (
    Parser.parseMessage(
      strongestChallengeOnly(text),
      new LoggerFactory().getLogger('test'),
    ) as IncomingResponseMessage
  ).parseHeader(header) as { nonce: string; algorithm?: string };

const md5 = 'Digest realm="pbx", nonce="n1", algorithm=MD5, qop="auth"';
const sha256 = 'Digest realm="pbx", nonce="n2", algorithm=SHA-256, qop="auth"';
const unknown = 'Digest realm="pbx", nonce="n3", algorithm=AKAv1-MD5';
const unreadable = 'Digest foo=bar';

describe('strongestChallengeOnly', () => {
  it('answers SHA-256 over MD5 in a 401, in whichever order the PBX sent them', () => {
    for (const order of [
      [sha256, md5, unknown],
      [md5, sha256, unknown],
      [unknown, md5, sha256],
      [unreadable, sha256, 'Basic realm="pbx"'],
    ]) {
      const text = response(
        401,
        order.map((c) => `WWW-Authenticate: ${c}`),
      );
      expect(answered(text, 'www-authenticate')).toMatchObject({ nonce: 'n2' });
    }
  });

  it('does the same with the Proxy-Authenticate challenges of a 407, one header or several', () => {
    const apart = response(407, [`Proxy-Authenticate: ${sha256}`, `Proxy-Authenticate: ${md5}`]);
    expect(answered(apart, 'proxy-authenticate')).toMatchObject({ nonce: 'n2' });
    const together = response(407, [`Proxy-Authenticate: ${sha256}, ${md5}`]);
    expect(answered(together, 'proxy-authenticate')).toMatchObject({ nonce: 'n2' });
  });

  it("keeps the PBX's first among challenges of the same strength", () => {
    const text = response(401, [
      `WWW-Authenticate: ${md5}`,
      `WWW-Authenticate: ${md5.replace('n1', 'n4')}`,
    ]);
    expect(answered(text, 'www-authenticate')).toMatchObject({ nonce: 'n1' });
  });

  it('leaves a response with one challenge, and any other message, as it came', () => {
    const single = response(401, [`WWW-Authenticate: ${md5}`]);
    expect(strongestChallengeOnly(single)).toBe(single);
    const ok = response(200, []).replace('200 Proxy Authentication Required', '200 OK');
    expect(strongestChallengeOnly(ok)).toBe(ok);
  });
});

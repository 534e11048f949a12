import { describe, expect, it } from 'vitest';
import { LoggerFactory, Parser } from 'sip.js/lib/core/index.js';
import type { IncomingRequestMessage } from 'sip.js/lib/core/index.js';
import { requestVerdict, type RequestPolicy } from './request-verdict.ts';
import { readSipMessageHead } from './sip-message-head.ts';

const factory = new LoggerFactory();
factory.builtinEnabled = false;
const logger = factory.getLogger('test');

const policy: RequestPolicy = {
  allowedMethods: ['INVITE', 'ACK', 'BYE', 'OPTIONS', 'UPDATE'],
  supportedOptionTags: ['timer'],
  sdpMethods: ['INVITE', 'UPDATE'],
  requestUriUser: 'gateway',
};

const invite = (extra: string[] = [], body = 'v=0\r\n', type = 'application/sdp') =>
  [
    'INVITE sip:gateway@click-to-call.invalid SIP/2.0',
    'Via: SIP/2.0/WSS a.invalid;branch=z9hG4bK1',
    'Max-Forwards: 70',
    'To: <sip:gateway@click-to-call.invalid>',
    'From: <sip:visitor@click-to-call.invalid>;tag=f1',
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    'Contact: <sip:v@a.invalid;transport=ws>',
    ...extra,
    ...(body ? [`Content-Type: ${type}`] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');

const verdictOf = (text: string) =>
  requestVerdict(
    readSipMessageHead(text)!,
    Parser.parseMessage(text, logger) as IncomingRequestMessage | undefined,
    policy,
  );
const statusOf = (text: string) => {
  const verdict = verdictOf(text);
  return verdict.kind === 'refuse' ? verdict.status : verdict.kind;
};

// The RFC 4475 messages cover the rest (browser/rfc4475-torture.test.ts); these are the cases
// a browser or a PBX sends that the torture set does not.
describe('the answer to a request the gateway cannot take', () => {
  it.each([
    ['a well-formed INVITE', invite(), 'pass'],
    ['Require: timer, which refreshes are answered for', invite(['Require: timer']), 'pass'],
    ['Accept: application/*', invite(['Accept: application/*, text/html']), 'pass'],
    [
      'a text/plain body, token or not',
      invite(['Authorization: Bearer abc'], 'hi', 'text/plain'),
      415,
    ],
    ['SDP with parameters', invite([], 'v=0\r\n', 'application/SDP; charset=utf-8'), 'pass'],
    ['no Contact', invite().replace(/Contact: [^\r]*\r\n/, ''), 400],
    [
      'a body without Content-Type',
      invite([], 'v=0\r\n').replace(/Content-Type: [^\r]*\r\n/, ''),
      400,
    ],
    ['a CSeq of 2^31', invite().replace('CSeq: 1 INVITE', 'CSeq: 2147483648 INVITE'), 400],
    ['another user', invite().replace('INVITE sip:gateway@', 'INVITE sip:queue@'), 404],
    ['a sips: Request-URI', invite().replace('INVITE sip:gateway@', 'INVITE sips:gateway@'), 416],
    ['PUBLISH, known but not taken', invite().replace(/INVITE/g, 'PUBLISH'), 405],
    [
      'a bad ACK (never answered)',
      invite()
        .replace(/INVITE/g, 'ACK')
        .replace('SIP/2.0\r', 'SIP/3.0\r'),
      'drop',
    ],
    ['no Via', invite().replace(/Via: [^\r]*\r\n/, ''), 'drop'],
    ['garbage', 'HELLO\r\n\r\n', 'drop'],
  ])('%s: %s', (_name, text, expected) => {
    expect(statusOf(text)).toBe(expected);
  });

  it('lists what it takes in the 405 and what it does not support in the 420', () => {
    expect(verdictOf(invite().replace(/INVITE/g, 'MESSAGE'))).toMatchObject({
      extraHeaders: ['Allow: INVITE, ACK, BYE, OPTIONS, UPDATE'],
    });
    expect(verdictOf(invite(['Require: timer, 100rel']))).toMatchObject({
      status: 420,
      extraHeaders: ['Unsupported: 100rel'],
    });
  });

  // Found by the long fuzz run on the trunk's TCP stream: a Via holding "\r\0\n" then
  // "Content-Length: 150" was copied into our 501, which then framed as 150 bytes of body
  // and swallowed the answer after it.
  it('drops, never answers, a request whose copied header fields hold a line break', () => {
    for (const broken of ['\r\u0000\nContent-Length: 150', '\nX: y', '\rX: y'])
      expect(verdictOf(invite().replace('branch=z9hG4bK1', `branch=z9hG4bK1${broken}`))).toEqual({
        kind: 'drop',
        reason: 'unanswerable: a line break in via',
      });
    // Escaped in a quoted string, a NUL or a BEL is text (RFC 4475 intmeth): still answered.
    const quoted = invite().replace(
      'To: <sip:gateway@click-to-call.invalid>',
      'To: "BEL:\\\u0007 NUL:\\\u0000" <sip:gateway@click-to-call.invalid>',
    );
    expect(verdictOf(quoted).kind).not.toBe('drop');
  });

  // Found by the long fuzz run on the trunk's TCP stream, where it escaped as a TypeError and
  // would have ended the gateway; the browser's WebSocket takes the same path, before any token.
  it('answers 400, never throws, when sip.js folds the Call-ID into the field above', () => {
    for (const lead of ['\n', '\u000b', '\f', '\u00a0']) {
      const folded = invite(['Subject: hi']).replace('Call-ID: c1\r\n', '');
      const text = folded.replace('Subject: hi\r\n', `Subject: hi\r\n${lead}Call-ID: c1\r\n`);
      expect(verdictOf(text), JSON.stringify(lead)).toMatchObject({
        kind: 'refuse',
        status: 400,
        reason: 'Malformed Call-ID',
      });
    }
  });

  // Found by the long fuzz run on the trunk's calls: an in-dialog UPDATE whose To read
  // `;tag` reached sip.js's core, which saw no To tag and answered 405 without the parameter.
  it('answers 400 a request whose To names a tag without a value', () => {
    for (const to of [
      '<sip:gateway@click-to-call.invalid>;tag',
      '<sip:gateway@click-to-call.invalid>;TAG',
    ])
      expect(
        verdictOf(invite().replace('To: <sip:gateway@click-to-call.invalid>', `To: ${to}`)),
        to,
      ).toMatchObject({ kind: 'refuse', status: 400, reason: 'Malformed To Tag' });
    const withTag = invite().replace(
      'To: <sip:gateway@click-to-call.invalid>',
      'To: <sip:gateway@click-to-call.invalid>;tag=t1',
    );
    expect(verdictOf(withTag)).toEqual({ kind: 'pass' });
  });

  // Found by the long fuzz run on the trunk's TCP stream once lines were led by NBSP: sip.js
  // folded the To into the line above, so its parse had none, and the To tag check above threw
  // (caught by the listener, but the request went unanswered).
  // And by the trunk's calls run: a re-INVITE whose Content-Type was folded away, on whose
  // body sip.js's core threw ("Content disposition undefined"), leaving it unanswered.
  it.each([
    ['To: <sip:gateway@click-to-call.invalid>', 'To'],
    ['Content-Type: application/sdp', 'Content-Type'],
    ['Contact: <sip:v@a.invalid;transport=ws>', 'Contact'],
  ])('answers 400 when sip.js folds %s into the field above', (field, name) => {
    for (const lead of ['\n', '\u000b', '\f', '\u00a0']) {
      const folded = invite(['Subject: hi']).replace(`${field}\r\n`, '');
      const text = folded.replace('Subject: hi\r\n', `Subject: hi\r\n${lead}${field}\r\n`);
      expect(verdictOf(text), JSON.stringify(lead)).toMatchObject({
        kind: 'refuse',
        status: 400,
        reason: `Malformed ${name}`,
      });
    }
  });
});

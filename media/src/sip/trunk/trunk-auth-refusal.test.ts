import { describe, expect, it } from 'vitest';
import { Grammar, LoggerFactory, OutgoingRequestMessage, Parser } from 'sip.js/lib/core/index.js';
import type { IncomingResponseMessage, URI } from 'sip.js/lib/core/index.js';
import { refusalStatus } from '../../../../protocol/call-end-reason.ts';
import { authRefusal } from './trunk-auth-refusal.ts';

const challenge = (status: 401 | 407) =>
  Parser.parseMessage(
    [
      `SIP/2.0 ${status} Unauthorized`,
      'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1234',
      'From: <sip:gateway@127.0.0.1>;tag=abc',
      'To: <sip:queue@127.0.0.1>;tag=def',
      'Call-ID: call-1',
      'CSeq: 2 INVITE',
      `${status === 401 ? 'WWW' : 'Proxy'}-Authenticate: Digest realm="pbx.acme", nonce="n2", qop="auth"`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
    new LoggerFactory().getLogger('test'),
  ) as IncomingResponseMessage;

const invite = (authorization?: string) => {
  const uri = Grammar.URIParse('sip:queue@127.0.0.1') as URI;
  const message = new OutgoingRequestMessage('INVITE', uri, uri, uri, { callId: 'call-1' });
  if (authorization) message.setHeader('Proxy-Authorization', authorization);
  return message;
};

const logger = () => {
  const lines: { details: Record<string, unknown>; message: string }[] = [];
  const keep = (details: object, message = '') =>
    lines.push({ details: details as Record<string, unknown>, message });
  return { lines, warn: keep, info: keep, error: keep, debug: keep };
};

describe('authRefusal', () => {
  it('ends a call whose credentials were refused as trunk_auth_failed, warning with realm and user', () => {
    const log = logger();
    const sent =
      'Digest username="gw-acme", realm="pbx.acme", nonce="n1", uri="sip:queue@127.0.0.1", response="0123456789abcdef0123456789abcdef", algorithm=MD5';
    const reason = authRefusal(challenge(407), invite(sent), 'acme', log);
    expect(reason).toMatchObject({
      code: 'trunk_auth_failed',
      cause: 'credentials_refused',
      sipStatus: 407,
    });
    // The browser gets a 502 it will not try to answer, with the code in its Reason header.
    expect(refusalStatus(reason)).toBe(502);
    expect(log.lines).toEqual([
      {
        details: expect.objectContaining({
          site: 'acme',
          realm: 'pbx.acme',
          username: 'gw-acme',
          sipStatus: 407,
        }),
        message: expect.stringMatching(/refused the gateway's trunk credentials/),
      },
    ]);
    expect(JSON.stringify(log.lines)).not.toContain('0123456789abcdef');
  });

  it('tells a challenge we had no credentials for apart, naming the file to fix', () => {
    const log = logger();
    expect(authRefusal(challenge(401), invite(), 'acme', log)).toMatchObject({
      code: 'trunk_auth_failed',
      cause: 'no_credentials',
    });
    expect(log.lines[0]?.message).toMatch(/no credentials .*MEDIA_TRUNK_CREDENTIALS_FILE/);
    expect(log.lines[0]?.details).toMatchObject({ realm: 'pbx.acme', username: undefined });
  });
});

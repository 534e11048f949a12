import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestWsSipServer } from '../../../../tests/support/sip/ws-sip-test-server.ts';
import { readSipMessageHead, headerOf, type SipMessageHead } from '../core/sip-message-head.ts';
import type { ServiceLogger } from '../core/sip-logger.ts';

const quiet: ServiceLogger = { info() {}, warn() {}, error() {}, debug() {} };
const fixtures = new URL('../../../../tests/fixtures/rfc4475/', import.meta.url);

/**
 * RFC 4475 section 3, message by message, as the gateway's SIP WebSocket answers it. None is
 * addressed to the gateway (sip:gateway@...), so a valid request that gets past every check
 * is refused 404 (RFC 3261 8.2.2.1); the checks come first, so each message gets the answer
 * for what is wrong with it. Each is sent a second time with its Request-URI's user part made
 * the gateway's: the last column is the answer then, where it differs (`call`: handed to the
 * call, which this test's stand-in refuses 480). Responses are nobody's answers here and
 * dropped; `insuf` has no From, To or Call-ID to answer with.
 */
type Answer = number | 'dropped' | 'call';
const table: [name: string, section: string, answer: Answer, why: string, toGateway?: Answer][] = [
  [
    'wsinv',
    '3.1.1.1',
    404,
    'valid INVITE for another user (ours: its To tag names no dialog)',
    481,
  ],
  ['intmeth', '3.1.1.2', 501, 'a valid but unknown method'],
  ['esc01', '3.1.1.3', 404, 'valid INVITE for another user', 'call'],
  ['escnull', '3.1.1.4', 405, 'REGISTER: no registrar here'],
  ['esc02', '3.1.1.5', 501, 'RE%47IST%45R is not REGISTER: unknown'],
  ['lwsdisp', '3.1.1.6', 404, 'valid OPTIONS for another user', 200],
  ['longreq', '3.1.1.7', 400, 'its top Via has no branch (RFC 2543 style; 7118 clients are 3261)'],
  ['dblreq', '3.1.1.8', 405, 'the REGISTER; trailing octets ignored as in a datagram'],
  ['semiuri', '3.1.1.9', 404, 'valid OPTIONS for another user', 200],
  ['transports', '3.1.1.10', 404, 'valid OPTIONS for another user', 200],
  ['mpart01', '3.1.1.11', 405, 'MESSAGE (sent as a binary frame: its body is not UTF-8)'],
  ['unreason', '3.1.1.12', 'dropped', 'a response to nothing we sent'],
  ['noreason', '3.1.1.13', 'dropped', 'a response to nothing we sent'],
  ['badinv01', '3.1.2.1', 400, 'extraneous header field separators'],
  ['clerr', '3.1.2.2', 400, 'Content-Length larger than the message'],
  ['ncl', '3.1.2.3', 400, 'negative Content-Length'],
  ['scalar02', '3.1.2.4', 405, 'REGISTER: the method is checked first (RFC 3261 8.2.1)'],
  ['scalarlg', '3.1.2.5', 'dropped', 'a response'],
  ['quotbal', '3.1.2.6', 400, 'unterminated quoted string'],
  ['ltgtruri', '3.1.2.7', 400, '<> around the Request-URI'],
  ['lwsruri', '3.1.2.8', 400, 'whitespace inside the Request-URI'],
  ['lwsstart', '3.1.2.9', 400, 'several SP between Request-Line elements'],
  ['trws', '3.1.2.10', 400, 'SP at the end of the Request-Line'],
  ['escruri', '3.1.2.11', 400, 'escaped headers in the Request-URI'],
  ['baddate', '3.1.2.12', 404, 'a bad Date is no reason to refuse', 'call'],
  ['regbadct', '3.1.2.13', 405, 'REGISTER'],
  ['badaspec', '3.1.2.14', 400, 'spaces within addr-spec'],
  ['baddn', '3.1.2.15', 400, 'non-token characters in a display name'],
  ['badvers', '3.1.2.16', 505, 'SIP/7.0'],
  ['mismatch01', '3.1.2.17', 400, 'Request-Line OPTIONS, CSeq INVITE'],
  ['mismatch02', '3.1.2.18', 501, 'unknown method (its CSeq mismatch comes second)'],
  ['bigcode', '3.1.2.19', 'dropped', 'a response'],
  ['badbranch', '3.2.1', 404, 'a branch of just the magic cookie is valid', 200],
  ['insuf', '3.3.1', 'dropped', 'no From, To or Call-ID to answer with'],
  ['unkscm', '3.3.2', 416, 'unknown Request-URI scheme'],
  ['novelsc', '3.3.3', 416, 'soap.beep: Request-URI scheme'],
  ['unksm2', '3.3.4', 405, 'REGISTER'],
  ['bext01', '3.3.5', 420, 'Require names extensions nobody supports'],
  ['invut', '3.3.6', 415, 'an INVITE body that is not SDP'],
  ['regaut01', '3.3.7', 405, 'REGISTER'],
  ['multi01', '3.3.8', 400, 'several values in single-value header fields'],
  ['mcl01', '3.3.9', 400, 'two Content-Length values'],
  ['bcast', '3.3.10', 'dropped', 'a response'],
  ['zeromf', '3.3.11', 404, 'Max-Forwards 0 matters to proxies only', 200],
  ['cparam01', '3.3.12', 405, 'REGISTER'],
  ['cparam02', '3.3.13', 405, 'REGISTER'],
  ['regescrt', '3.3.14', 405, 'REGISTER'],
  ['sdp01', '3.3.15', 406, 'Accept rules out the SDP our answer would carry'],
  ['inv2543', '3.3.16', 400, 'an RFC 2543 INVITE: no Via branch, no From tag'],
];

/** A well-formed OPTIONS to the gateway: answered 200 while it serves. */
const probe = (callId: string) =>
  [
    'OPTIONS sip:gateway@click-to-call.invalid SIP/2.0',
    'Via: SIP/2.0/WSS probe.invalid;branch=z9hG4bKprobe' + callId,
    'Max-Forwards: 70',
    'To: <sip:gateway@click-to-call.invalid>',
    'From: <sip:probe@click-to-call.invalid>;tag=probe',
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

const fixture = (name: string) => readFileSync(new URL(`${name}.dat`, fixtures));
/** The same bytes, the Request-URI's user part (if it has one) made the gateway's. */
const toGateway = (message: Buffer) =>
  Buffer.from(message.toString('latin1').replace(/^(\S+ sip:)[^@\s]*@/, '$1gateway@'), 'latin1');
const isUtf8 = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('RFC 4475 torture messages on the SIP WebSocket', () => {
  let url = '';
  let stop = async () => {};
  beforeAll(async () => {
    const server = await startTestWsSipServer({
      logger: quiet,
      // Stands in for the call: the INVITEs sent to the gateway that pass every check.
      onInvite: (invite) => invite.reject({ statusCode: 480 }),
    });
    url = server.url;
    stop = server.close;
  });
  afterAll(() => stop());

  /**
   * Sends each message (binary when it is not UTF-8, as RFC 7118 allows), then a probe.
   * Frames on one socket are handled in order and answered in order, so what arrives before
   * the probe's 200 answers the messages; nothing before it means they were dropped.
   */
  const sendThenProbe = async (messages: Buffer[]) => {
    const client = new WebSocket(url, 'sip');
    await once(client, 'open');
    const probeId = `probe-${Math.random().toString(36).slice(2)}`;
    const answers: SipMessageHead[] = [];
    const probeAnswer = new Promise<SipMessageHead>((resolve) =>
      client.on('message', (data: Buffer) => {
        const head = readSipMessageHead(data.toString('utf8'));
        if (!head) return;
        if (headerOf(head, 'call-id') === probeId) resolve(head);
        else answers.push(head);
      }),
    );
    for (const message of messages) client.send(message, { binary: !isUtf8(message) });
    client.send(probe(probeId));
    const served = await probeAnswer;
    const open = client.readyState === WebSocket.OPEN;
    client.close();
    return { answers, served: served.startLine, open };
  };

  const expectAnswer = async (sent: Buffer, answer: Answer) => {
    const { answers, served, open } = await sendThenProbe([sent]);
    // Still serving on the same socket, whatever came before.
    expect(served).toBe('SIP/2.0 200 OK');
    expect(open).toBe(true);
    if (answer === 'dropped') return expect(answers).toEqual([]);
    const status = answer === 'call' ? 480 : answer;
    expect(answers.map((head) => head.startLine.split(' ')[1])).toEqual([String(status)]);
    // RFC 3261 8.2.6.2: the answer echoes the request's Call-ID, and its CSeq (the number as
    // a number: sip.js's own answers write 0009 as 9).
    const request = readSipMessageHead(sent.toString('utf8'))!;
    const response = answers[0]!;
    const cseq = (head: SipMessageHead) => headerOf(head, 'cseq')?.replace(/^0+(?=\d)/, '');
    expect(headerOf(response, 'call-id')).toBe(headerOf(request, 'call-id'));
    expect(cseq(response)).toBe(cseq(request));
    expect(headerOf(response, 'to')).toMatch(/;\s*tag\s*=/);
    if (answer === 405) expect(headerOf(response, 'allow')).toMatch(/^INVITE, ACK, CANCEL, BYE/);
    if (answer === 415) expect(headerOf(response, 'accept')).toBe('application/sdp');
    if (answer === 420)
      expect(headerOf(response, 'unsupported')).toBe(
        'nothingSupportsThis, nothingSupportsThisEither',
      );
  };

  it.each(table)('%s (%s): %s, %s', async (name, _section, answer) => {
    await expectAnswer(fixture(name), answer);
  });

  const toGatewayRows = table.map(([name, section, answer, , ours]) => ({
    name,
    section,
    answer: ours ?? answer,
  }));
  it.each(toGatewayRows)('$name ($section) to the gateway: $answer', async ({ name, answer }) => {
    await expectAnswer(toGateway(fixture(name)), answer);
  });

  it('serves a valid OPTIONS after all 49 messages on one socket', async () => {
    const { answers, served } = await sendThenProbe(table.map(([name]) => fixture(name)));
    expect(answers).toHaveLength(table.filter(([, , answer]) => answer !== 'dropped').length);
    expect(served).toBe('SIP/2.0 200 OK');
  });
});

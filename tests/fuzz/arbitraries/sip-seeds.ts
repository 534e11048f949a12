import { readdirSync, readFileSync } from 'node:fs';
import { buildRequest, buildResponse } from '../../support/caller/sip-message-builder.ts';

/**
 * The SIP messages mutations start from: RFC 4475's 49 torture messages, and what each side
 * of the gateway really receives (a browser's INVITE with a Chromium offer and a bearer token
 * and what follows it; a PBX's answers and in-dialog requests).
 *
 * The transaction and dialog identifiers are placeholders (`fuzzbranch`, `fuzzcallid`) that
 * `freshen` makes unique: a branch per input, otherwise a mutated copy of a message sent
 * before would be a retransmission, rightly absorbed by the transaction it belongs to; a
 * Call-ID per run of inputs, so that requests in a dialog a run's INVITE opened find it.
 */

const branchPlaceholder = 'fuzzbranch';
const callIdPlaceholder = 'fuzzcallid';
/** The To tag of in-dialog requests: the target puts the gateway's own tag there, once known. */
export const gatewayTagPlaceholder = 'gatewaytag';
/** The bearer token the WebSocket target's stand-in for the call admission takes. */
export const goodToken = 'fuzz.good-token.0123456789';

const fixtures = new URL('../../fixtures/rfc4475/', import.meta.url);
const offer = readFileSync(
  new URL('../../../media/src/engine/sdp/fixtures/chromium-audio-offer.sdp', import.meta.url),
  'utf8',
);

/** Every RFC 4475 message (latin1 keeps their binary bodies and control characters). */
export function rfc4475Seeds(): Buffer[] {
  return readdirSync(fixtures)
    .filter((name) => name.endsWith('.dat'))
    .sort()
    .map((name) => withPlaceholders(readFileSync(new URL(name, fixtures))));
}

/** Branch values (magic cookie kept) and Call-ID values become placeholders. */
function withPlaceholders(message: Buffer): Buffer {
  const text = message
    .toString('latin1')
    .replace(
      /(branch\s*=\s*)(z9hG4bK)?([A-Za-z0-9.!%*_+`'~-]+)/gi,
      (_all, name: string, cookie = '', value: string) =>
        `${name}${cookie}${branchPlaceholder}${value}`,
    )
    .replace(/^((?:call-id|i)[ \t]*:[ \t]*)/gim, `$1${callIdPlaceholder}.`);
  return Buffer.from(text, 'latin1');
}

const gateway = 'sip:gateway@click-to-call.invalid';
const browser = {
  callId: callIdPlaceholder,
  fromTag: 'browsertag',
  viaHost: 'df7jal23ls0d.invalid',
  contactUser: 'k2j4',
};
const browserRequest = (
  method: Parameters<typeof buildRequest>[0]['method'],
  extra: Partial<Parameters<typeof buildRequest>[0]> = {},
) =>
  buildRequest({
    method,
    requestUri: gateway,
    identity: browser,
    cseq: 1,
    branch: `z9hG4bK${branchPlaceholder}`,
    ...extra,
  });

/** What the widget's sip.js sends the gateway's WebSocket during a call. */
export function browserSeeds(): Buffer[] {
  const invite = (token: string) =>
    browserRequest('INVITE', {
      headers: [
        `Authorization: Bearer ${token}`,
        'Supported: timer, ice, replaces, outbound',
        'Allow: INVITE, ACK, CANCEL, BYE, INFO, UPDATE',
      ],
      body: { type: 'application/sdp', content: offer },
    });
  const inDialog = { toTag: gatewayTagPlaceholder, cseq: 2 };
  return [
    invite(goodToken),
    invite('eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl'),
    browserRequest('INVITE', {
      ...inDialog,
      body: { type: 'application/sdp', content: offer },
    }),
    browserRequest('OPTIONS'),
    browserRequest('CANCEL'),
    browserRequest('ACK', inDialog),
    browserRequest('BYE', inDialog),
    buildRequest({
      method: 'UPDATE',
      requestUri: gateway,
      identity: browser,
      cseq: 3,
      branch: `z9hG4bK${branchPlaceholder}`,
      toTag: gatewayTagPlaceholder,
      headers: ['Session-Expires: 1800;refresher=uac', 'Supported: timer'],
    }),
    // INFO is not in the builder's list of methods: the DTMF relay a caller without a DTMF
    // sender uses (application/dtmf-relay).
    browserRequest('BYE', {
      ...inDialog,
      body: { type: 'application/dtmf-relay', content: 'Signal=5\r\nDuration=160\r\n' },
    })
      .replace(/^BYE/, 'INFO')
      .replace('CSeq: 2 BYE', 'CSeq: 2 INFO'),
    buildResponse(200, 'OK', {
      via: [`SIP/2.0/WSS gateway.invalid;branch=z9hG4bK${branchPlaceholder}`],
      from: `<sip:gateway@click-to-call.invalid>;tag=${gatewayTagPlaceholder}`,
      to: `<sip:visitor@click-to-call.invalid>;tag=${browser.fromTag}`,
      callId: callIdPlaceholder,
      cseq: '1 BYE',
    }),
  ].map((text) => Buffer.from(text, 'utf8'));
}

/** What a PBX sends the trunk client at `gatewayHost`: answers, in-dialog requests, OPTIONS. */
export function pbxSeeds(gatewayHost: string): Buffer[] {
  const sdp = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 40000 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=sendrecv',
    '',
  ].join('\r\n');
  const gateway = `sip:gateway@${gatewayHost}`;
  const message = (startLine: string, headers: string[], body = '', type = 'application/sdp') =>
    [
      startLine,
      ...headers,
      ...(body ? [`Content-Type: ${type}`] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
  const request = (
    method: string,
    inDialog: boolean,
    extra: string[] = [],
    body = '',
    type?: string,
  ) =>
    message(
      `${method} ${gateway} SIP/2.0`,
      [
        `Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK${branchPlaceholder}`,
        'Max-Forwards: 70',
        `From: <sip:queue-sales@127.0.0.1>;tag=pbxtag`,
        `To: <${gateway}>${inDialog ? ';tag=gatewaytag' : ''}`,
        `Call-ID: ${callIdPlaceholder}`,
        `CSeq: 101 ${method}`,
        'Contact: <sip:agent@127.0.0.1:5060>',
        ...extra,
      ],
      body,
      type,
    );
  const answer = (status: string, body = '') =>
    message(
      `SIP/2.0 ${status}`,
      [
        `Via: SIP/2.0/UDP ${gatewayHost};rport;branch=z9hG4bK${branchPlaceholder}`,
        `From: <${gateway}>;tag=gatewaytag`,
        'To: <sip:queue-sales@127.0.0.1>;tag=pbxtag',
        `Call-ID: ${callIdPlaceholder}`,
        'CSeq: 1 INVITE',
        'Contact: <sip:agent@127.0.0.1:5060>',
        'P-Asserted-Identity: "Agent Smith" <sip:agent@127.0.0.1>',
      ],
      body,
    );
  return [
    request('OPTIONS', false),
    request('BYE', true),
    request('INVITE', true, ['Session-Expires: 90;refresher=uas', 'Supported: timer'], sdp),
    request('UPDATE', true, ['Session-Expires: 1800;refresher=uas']),
    request('INFO', true, [], 'Signal=5\r\nDuration=160\r\n', 'application/dtmf-relay'),
    request('INVITE', false, [], sdp),
    answer('100 Trying'),
    answer('180 Ringing'),
    answer('200 OK', sdp),
    answer('486 Busy Here'),
  ].map((text) => Buffer.from(text, 'utf8'));
}

/** Which input and which run a message belongs to: its branch and its Call-ID. */
export interface Freshness {
  branch: number;
  callId: number;
}

/**
 * The message with its placeholders made unique (same length, so no Content-Length changes):
 * a new transaction for each input, a new Call-ID for each run.
 */
export function freshen(message: Buffer, { branch, callId }: Freshness): Buffer {
  const token = (kind: string, n: number) =>
    `${kind}${n.toString(36)}`.padStart(10, '0').slice(-10);
  const text = message
    .toString('latin1')
    .replaceAll(branchPlaceholder, token('b', branch))
    .replaceAll(callIdPlaceholder, token('c', callId));
  return Buffer.from(text, 'latin1');
}

/**
 * What a PBX sends during a call the gateway placed: answers to its INVITE (trying, ringing
 * with the agent's name, early media, reliable provisionals, the answer, refusals, a
 * redirect, a session interval too small) and requests in the dialog (BYE, re-INVITE with and
 * without an offer, UPDATE, INFO, OPTIONS). Placeholders stand for what only the INVITE tells:
 * `fuzzcallid` its Call-ID, `gatewaytag` its From tag, `z9hG4bKourbranch` its branch,
 * `fuzzcseq` its CSeq number (`fillCall`); `fuzzbranch` is a new transaction per input.
 */

export interface PlacedInvite {
  callId: string;
  fromTag: string;
  cseq: string;
  /** The INVITE's Via, which its answers copy (its branch names the transaction). */
  via: string;
}

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

const message = (startLine: string, headers: string[], body = '', type = 'application/sdp') =>
  Buffer.from(
    [
      startLine,
      ...headers,
      ...(body ? [`Content-Type: ${type}`] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n'),
  );

const answer = (status: string, extra: string[] = [], body = '') =>
  message(
    `SIP/2.0 ${status}`,
    [
      'Via: fuzzvia',
      'From: "Web visitor" <sip:gateway@127.0.0.1>;tag=gatewaytag',
      'To: <sip:queue-sales@127.0.0.1>;tag=pbxtag',
      'Call-ID: fuzzcallid',
      'CSeq: fuzzcseq INVITE',
      'Contact: <sip:agent@127.0.0.1:5060>',
      ...extra,
    ],
    body,
  );

const inDialog = (method: string, extra: string[] = [], body = '', type?: string) =>
  message(
    `${method} sip:gateway@127.0.0.1 SIP/2.0`,
    [
      'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKfuzzbranch',
      'Max-Forwards: 70',
      'From: <sip:queue-sales@127.0.0.1>;tag=pbxtag',
      'To: "Web visitor" <sip:gateway@127.0.0.1>;tag=gatewaytag',
      'Call-ID: fuzzcallid',
      `CSeq: 201 ${method}`,
      'Contact: <sip:agent@127.0.0.1:5060>',
      ...extra,
    ],
    body,
    type,
  );

export function pbxCallSeeds(): Buffer[] {
  const agent = 'P-Asserted-Identity: "Agent Smith" <sip:1001@127.0.0.1>';
  return [
    answer('100 Trying'),
    answer('180 Ringing', [agent]),
    answer('183 Session Progress', [agent], sdp),
    answer('180 Ringing', ['Require: 100rel', 'RSeq: 1', agent], sdp),
    answer('200 OK', [agent, 'Session-Expires: 90;refresher=uac', 'Require: timer'], sdp),
    answer('200 OK', ['Remote-Party-ID: "Agent" <sip:1001@127.0.0.1>;party=called'], sdp),
    answer('486 Busy Here', ['Reason: Q.850;cause=17;text="User busy"']),
    answer('302 Moved Temporarily', ['Contact: <sip:queue-billing@127.0.0.1>']),
    answer('422 Session Interval Too Small', ['Min-SE: 1900']),
    answer('503 Service Unavailable', ['Retry-After: 30']),
    inDialog('BYE', ['Reason: SIP;cause=200;text="Call completed elsewhere"']),
    inDialog('INVITE', ['Session-Expires: 90;refresher=uas', 'Supported: timer', agent], sdp),
    inDialog('INVITE', [agent]),
    inDialog('UPDATE', ['Session-Expires: 1800;refresher=uas'], sdp),
    inDialog('UPDATE', ['Session-Expires: 1800;refresher=uac']),
    inDialog('INFO', [], 'Signal=5\r\nDuration=160\r\n', 'application/dtmf-relay'),
    inDialog('OPTIONS'),
    inDialog('ACK'),
  ];
}

/** The call's own identifiers in place of its placeholders. */
export function fillCall(bytes: Buffer, invite: PlacedInvite): Buffer {
  const text = bytes
    .toString('latin1')
    .replaceAll('fuzzvia', invite.via)
    .replaceAll('fuzzcallid', invite.callId)
    .replaceAll('gatewaytag', invite.fromTag)
    .replaceAll('fuzzcseq', invite.cseq);
  return Buffer.from(text, 'latin1');
}

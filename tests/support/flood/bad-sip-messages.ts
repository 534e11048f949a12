import { randomBytes } from 'node:crypto';
import {
  buildRequest,
  gatewayUri,
  newBranch,
  newCallIdentity,
} from '../caller/sip-message-builder.ts';

const offer = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

// A token the gateway must verify and refuse: well-formed, signed by nobody it trusts.
const forgedToken = [
  Buffer.from('{"alg":"EdDSA","typ":"JWT"}').toString('base64url'),
  Buffer.from('{"sub":"acme","aud":"media"}').toString('base64url'),
  randomBytes(64).toString('base64url'),
].join('.');

/**
 * The kinds of bad message a flood sends, each costing the gateway what it costs: an INVITE
 * with no token, one with a forged token (a signature check), an OPTIONS, a method nobody
 * defines, and bytes that are not SIP at all.
 */
const kinds: (() => string | Buffer)[] = [
  () => invite([]),
  () => invite([`Authorization: Bearer ${forgedToken}`]),
  () => request('OPTIONS'),
  // A method no RFC defines: OPTIONS renamed in its request line and CSeq.
  () => request('OPTIONS').replaceAll('OPTIONS', 'FLOOD'),
  () => randomBytes(200),
];

function request(method: 'INVITE' | 'OPTIONS', headers: string[] = [], body?: string) {
  return buildRequest({
    method,
    requestUri: gatewayUri,
    identity: newCallIdentity(),
    cseq: 1,
    branch: newBranch(),
    headers,
    ...(body ? { body: { type: 'application/sdp', content: body } } : {}),
  });
}

function invite(headers: string[]) {
  return request('INVITE', headers, offer);
}

/** The `n`th message of a flood: the kinds in turn, or only INVITEs without a token. */
export function badSipMessage(n: number, kind: 'mixed' | 'tokenless-invite'): string | Buffer {
  return kind === 'mixed' ? kinds[n % kinds.length]!() : invite([]);
}

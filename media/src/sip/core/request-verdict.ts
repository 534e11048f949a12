import { Grammar } from 'sip.js';
import type { IncomingRequestMessage } from 'sip.js/lib/core/index.js';
import { headerOf, type SipMessageHead } from './sip-message-head.ts';

/** What one side of the gateway takes: the rest of SIP is refused with the right status. */
export interface RequestPolicy {
  /** Methods it handles; other methods SIP defines get 405 with these as Allow (RFC 3261 8.2.1). */
  allowedMethods: readonly string[];
  /** Option tags a Require header may name; any other gets 420 (RFC 3261 8.2.2.3). */
  supportedOptionTags: readonly string[];
  /** Methods whose body is SDP: another type gets 415 with Accept (RFC 3261 21.4.13). */
  sdpMethods: readonly string[];
  /**
   * The Request-URI user every request must name, else 404 (RFC 3261 8.2.2.1). sip.js's core
   * checks it too, but answers unseen: refused here, the refusal is reported and logged.
   */
  requestUriUser?: string;
}

export type RequestVerdict =
  /** Well-formed and supported: the sip.js core takes it from here (404, 481, the call...). */
  | { kind: 'pass' }
  /** Answered statelessly with `status`; `reason` is for logs and metrics. */
  | { kind: 'refuse'; status: number; reason: string; extraHeaders: readonly string[] }
  /** Nothing to answer to (no Via, From, To, Call-ID or CSeq; an ACK; not a request). */
  | { kind: 'drop'; reason: string };

// Methods SIP defines (RFC 3261, 3262, 3265/6665, 3311, 3428, 3515, 3903, 6086): a method we
// know but do not take is 405, one we do not know at all is 501 (RFC 3261 21.4.6, 21.5.2).
const knownMethods = new Set([
  'ACK',
  'BYE',
  'CANCEL',
  'INFO',
  'INVITE',
  'MESSAGE',
  'NOTIFY',
  'OPTIONS',
  'PRACK',
  'PUBLISH',
  'REFER',
  'REGISTER',
  'SUBSCRIBE',
  'UPDATE',
]);
/** What a response must copy (RFC 3261 8.2.6.2): without one of these no answer can be made. */
const needed = ['via', 'from', 'to', 'call-id', 'cseq'];
/** Header fields that are not lists: more than one is a malformed request (RFC 3261 7.3.1). */
const singleValued: Readonly<Record<string, string>> = {
  from: 'From',
  to: 'To',
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'max-forwards': 'Max-Forwards',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
};
/** The fields sip.js's core reads: each one the head has, its parse must have too. */
const parsedFields: Readonly<Record<string, string>> = {
  ...singleValued,
  via: 'Via',
  contact: 'Contact',
};
// RFC 3261 25.1: Request-Line = Method SP Request-URI SP SIP-Version, one SP each.
const requestLine = /^(\S+) (\S+) (SIP\/\d+\.\d+)$/;
const token = /^[A-Za-z0-9.!%*_+`'~-]+$/;

const refuse = (status: number, reason: string, ...extraHeaders: string[]): RequestVerdict => ({
  kind: 'refuse',
  status,
  reason,
  extraHeaders,
});

/**
 * A bare CR or LF in a header value: the line breaks of a message end its fields, so one left
 * inside a value comes from a sender who broke its lines on purpose. Copied into an answer it
 * would start a header field of the sender's choosing (a second Content-Length that breaks
 * the framing of a TCP stream), so a request carrying one in a field the answer copies cannot
 * be answered. (Other control characters may be escaped in quoted strings, RFC 3261 25.1's
 * quoted-pair, as RFC 4475's intmeth does: those are copied as they came.)
 */
const holdsLineBreak = (value: string) => value.includes('\r') || value.includes('\n');

/**
 * The one place that decides how a request the gateway cannot take is answered, mostly in
 * RFC 3261 8.2's order: version, method, header fields, Require, content. `parsed` is
 * sip.js's parse of the same text, undefined when its grammar refused a line. Only
 * unanswerable input is dropped; ACK is never answered (RFC 3261 17.2.1). Used by both legs
 * (a policy each), before their sip.js cores, which would answer an unknown method 405 and
 * throw on a Request-URI their grammar cannot read.
 */
export function requestVerdict(
  head: SipMessageHead,
  parsed: IncomingRequestMessage | undefined,
  policy: RequestPolicy,
): RequestVerdict {
  const words = head.startLine.trim().split(/\s+/);
  if (words.length < 3 || !/^SIP\//i.test(words.at(-1) ?? ''))
    return { kind: 'drop', reason: 'not a SIP request' };
  const missing = needed.find((name) => !head.headers.get(name)?.length);
  if (missing) return { kind: 'drop', reason: `unanswerable: no ${missing}` };
  const unsafe = needed.find((name) => head.headers.get(name)?.some(holdsLineBreak));
  if (unsafe) return { kind: 'drop', reason: `unanswerable: a line break in ${unsafe}` };
  const verdict = judge(head, parsed, policy);
  if (verdict.kind === 'refuse' && words[0] === 'ACK')
    return { kind: 'drop', reason: `ACK: ${verdict.reason}` };
  return verdict;
}

function judge(
  head: SipMessageHead,
  parsed: IncomingRequestMessage | undefined,
  policy: RequestPolicy,
): RequestVerdict {
  const line = requestLine.exec(head.startLine);
  if (!line) return refuse(400, 'Malformed Request-Line');
  const [, method = '', uri = '', version] = line;
  if (version !== 'SIP/2.0') return refuse(505, `version ${version?.slice(0, 16)}`);
  if (!token.test(method)) return refuse(400, 'Malformed Method');
  if (!knownMethods.has(method)) return refuse(501, 'unknown method');
  if (!policy.allowedMethods.includes(method))
    return refuse(405, `${method} not allowed`, `Allow: ${policy.allowedMethods.join(', ')}`);
  const problem = parsed ? headerProblem(head, parsed, method) : grammarProblem(head);
  if (problem) return refuse(400, problem);
  // sip: only, as sip.js's core: sips: asks for TLS on every hop, which no PBX leg promises.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (scheme !== 'sip')
    return refuse(416, `Request-URI scheme ${scheme?.slice(0, 32) ?? 'missing'}`);
  if (!parsed?.ruri) return refuse(400, 'Malformed Request-URI');
  // RFC 3261 19.1.1: a header in a Request-URI is for building a request, never in one.
  if (Object.keys(parsed.ruri.headers).length > 0) return refuse(400, 'Headers in Request-URI');
  // Last, though RFC 3261 8.2 checks it before Require and content: a client told its body
  // or extension is wrong learns more than from 404, and 404 says nothing it could fix.
  const notOurs = policy.requestUriUser !== undefined && parsed.ruri.user !== policy.requestUriUser;
  return (
    optionTagVerdict(head, method, policy) ??
    contentVerdict(head, parsed, method, policy) ??
    (notOurs ? refuse(404, 'Request-URI not ours') : { kind: 'pass' })
  );
}

/** Where sip.js's grammar failed: the Request-Line, or one of the header fields. */
function grammarProblem(head: SipMessageHead): string {
  return Grammar.parse(head.startLine, 'Request_Response') === -1
    ? 'Malformed Request-URI'
    : 'Malformed Header Field';
}

/** What sip.js's grammar lets through but RFC 3261 forbids, or its core could not handle. */
function headerProblem(
  head: SipMessageHead,
  parsed: IncomingRequestMessage,
  method: string,
): string | undefined {
  const repeated = Object.keys(singleValued).find(
    (name) => (head.headers.get(name)?.length ?? 0) > 1,
  );
  if (repeated) return `Multiple ${singleValued[repeated]} Header Fields`;
  // sip.js folds a line that begins with any whitespace (its \s: LF, VT, FF, NBSP too) into
  // the field above, where RFC 3261 7.3.1 folds on SP and HTAB only (as the head does): a
  // field the head reads can be missing from sip.js's parse, and its core then lacks what it
  // needs (a Call-ID or a To to copy: a TypeError; the type of a body: it throws).
  const foldedAway = Object.keys(parsedFields).find(
    (name) => head.headers.has(name) && !parsed.hasHeader(name),
  );
  if (foldedAway) return `Malformed ${parsedFields[foldedAway]}`;
  const cseq = /^(\d{1,10})\s+(\S+)$/.exec(headerOf(head, 'cseq') ?? '');
  if (!cseq || Number(cseq[1]) >= 2 ** 31) return 'Malformed CSeq';
  if (cseq[2] !== method) return 'CSeq Method Does Not Match Request-Line';
  const maxForwards = headerOf(head, 'max-forwards');
  // Leading zeros are fine (RFC 4475 3.1.1.1): the value is what counts.
  if (maxForwards !== undefined && !/^\d{1,10}$/.test(maxForwards)) return 'Malformed Max-Forwards';
  if (maxForwards !== undefined && Number(maxForwards) > 255) return 'Max-Forwards Too Large';
  const length = headerOf(head, 'content-length');
  if (length !== undefined && !/^\d{1,10}$/.test(length)) return 'Malformed Content-Length';
  // A frame is the whole message (RFC 7118), as a datagram is: a longer length is an error.
  if (Number(length ?? 0) > Buffer.byteLength(head.body)) return 'Content-Length Exceeds Body';
  // sip.js keys transactions by the top Via's branch and dialogs by the From tag, both
  // mandatory since RFC 3261 (8.1.1.3, 8.1.1.7); RFC 7118 clients are all RFC 3261 ones.
  if (!parsed.viaBranch) return 'Missing Via Branch';
  if (!parsed.fromTag) return 'Missing From Tag';
  // A `tag` without a value (RFC 3261 25.1: tag-param = "tag" EQUAL token): sip.js reads no
  // tag, so its core would take an in-dialog request for a new one and answer it with a To
  // that lost the parameter the request carried.
  if (parsed.to.hasParam('tag') && !parsed.toTag) return 'Malformed To Tag';
  if (parsed.callId.length > 256) return 'Call-ID Too Long';
  // The dialog's remote target (RFC 3261 8.1.1.8); sip.js's core refuses it too, unseen.
  if (method === 'INVITE' && !head.headers.get('contact')?.length) return 'Missing Contact';
  return undefined;
}

function optionTagVerdict(
  head: SipMessageHead,
  method: string,
  policy: RequestPolicy,
): RequestVerdict | undefined {
  // RFC 3261 8.2.2.3: Require is not checked on ACK and CANCEL.
  if (method === 'ACK' || method === 'CANCEL') return undefined;
  const required = (head.headers.get('require') ?? []).flatMap((value) => value.split(','));
  const unsupported = required
    .map((tag) => tag.trim())
    .filter((tag) => tag && !policy.supportedOptionTags.includes(tag.toLowerCase()));
  if (unsupported.length === 0) return undefined;
  return refuse(420, 'unsupported option tag', `Unsupported: ${unsupported.join(', ')}`);
}

function contentVerdict(
  head: SipMessageHead,
  parsed: IncomingRequestMessage,
  method: string,
  policy: RequestPolicy,
): RequestVerdict | undefined {
  const type = headerOf(head, 'content-type');
  const sdp = policy.sdpMethods.includes(method);
  if (parsed.body && !type) return refuse(400, 'Missing Content-Type');
  if (sdp && parsed.body && !/^application\/sdp\s*(;|$)/i.test(type ?? ''))
    return refuse(415, 'body is not SDP', 'Accept: application/sdp');
  // Our answer to these carries SDP: a client that accepts none cannot read it (RFC 3261 21.4.7).
  const accept = headerOf(head, 'accept');
  if (
    sdp &&
    accept !== undefined &&
    !/(^|,)\s*(application\/(sdp|\*)|\*\/\*)\s*(;|,|$)/i.test(accept)
  )
    return refuse(406, 'Accept excludes application/sdp');
  return undefined;
}

import { getReasonPhrase, newTag } from 'sip.js/lib/core/messages/utils.js';
import { headerOf, type SipMessageHead } from './sip-message-head.ts';

/**
 * The stateless answer (RFC 3261 8.2.6) to a request refused before the sip.js core saw it.
 * Built from the header fields as written rather than with sip.js's own response builder,
 * which needs a request its grammar accepted and rewrites CSeq from the Request-Line: a
 * refused request may be neither, and its answer must echo what it sent.
 */
export function statelessRefusal(
  head: SipMessageHead,
  refusal: { status: number; reason: string; extraHeaders: readonly string[] },
): string {
  // A 400's phrase names the problem (RFC 3261 21.4.1); other statuses say enough.
  const phrase = refusal.status === 400 ? refusal.reason : getReasonPhrase(refusal.status);
  const to = headerOf(head, 'to') ?? '';
  const lines = [
    `SIP/2.0 ${refusal.status} ${phrase}`,
    ...(head.headers.get('via') ?? []).map((via) => `Via: ${via}`),
    `From: ${headerOf(head, 'from')}`,
    // The To tag names the UAS side of a would-be dialog: added unless the request had one.
    `To: ${/;\s*tag\s*=/i.test(to) ? to : `${to};tag=${newTag()}`}`,
    `Call-ID: ${headerOf(head, 'call-id')}`,
    `CSeq: ${headerOf(head, 'cseq')}`,
    ...refusal.extraHeaders,
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

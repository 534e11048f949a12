/**
 * A SIP message's start line and header fields as written, before any grammar: what is needed
 * to answer a request that sip.js's parser refuses (RFC 3261 8.2.6 copies Via, From, To,
 * Call-ID and CSeq into the response) and to see what that parser hides (it keeps only the
 * last of a repeated Content-Length or CSeq, and drops a CSeq method that differs from the
 * Request-Line's).
 */
export interface SipMessageHead {
  startLine: string;
  /** Values by lower-case full header name (compact forms expanded), in the order received. */
  headers: ReadonlyMap<string, readonly string[]>;
  /** Everything after the blank line: a WebSocket frame, like a datagram, is one message. */
  body: string;
}

// RFC 3261 7.3.3 and the registry's later ones (RFC 3265 o, u; RFC 3515 r; RFC 4028 x...).
const compactNames: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
};

/** Splits a message into start line, header fields and body; undefined without a start line. */
export function readSipMessageHead(text: string): SipMessageHead | undefined {
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 4);
  // Folded lines (RFC 3261 7.3.1: CRLF then whitespace) continue the header field above.
  const lines = head.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
  const startLine = lines.shift();
  if (!startLine) return undefined;
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const written = line.slice(0, colon).trim().toLowerCase();
    const name = compactNames[written] ?? written;
    const values = headers.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(name, values);
  }
  return { startLine, headers, body };
}

/** The first value of a header field, if present. */
export const headerOf = (head: SipMessageHead, name: string): string | undefined =>
  head.headers.get(name)?.[0];

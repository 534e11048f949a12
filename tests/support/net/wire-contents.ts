// What a captured payload is, read the way the protocols themselves tell their packets apart.

/**
 * A datagram on a WebRTC port by its first byte, as RFC 7983 demultiplexes them: STUN (ICE
 * checks) 0-3, DTLS 20-63, RTP/RTCP (SRTP once DTLS keyed it) 128-191; anything else `other`.
 */
export function webRtcKind(payload: Buffer): 'stun' | 'dtls' | 'rtp' | 'other' {
  const first = payload[0];
  if (first === undefined) return 'other';
  if (first <= 3) return 'stun';
  if (first >= 20 && first <= 63) return 'dtls';
  if (first >= 128 && first <= 191) return 'rtp';
  return 'other';
}

/** A SIP request or status line (RFC 3261 7.1, 7.2) at the start of a payload. */
export function isSipMessage(payload: Buffer): boolean {
  return /^(?:[A-Z]+ sips?:\S+ SIP\/2\.0\r\n|SIP\/2\.0 \d{3} )/.test(payload.toString('latin1'));
}

export interface SipMessageText {
  startLine: string;
  /** Header values by lower-case name (compact forms expanded), in order. */
  headers: Map<string, string[]>;
  body: string;
}

const compactNames: Record<string, string> = {
  v: 'via',
  m: 'contact',
  f: 'from',
  t: 'to',
  i: 'call-id',
  c: 'content-type',
  l: 'content-length',
};

/** Splits a SIP message (one datagram) into start line, headers and body. */
export function parseSipText(payload: Buffer): SipMessageText {
  const text = payload.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = compactNames[raw] ?? raw;
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { startLine, headers, body: split < 0 ? '' : text.slice(split + 4) };
}

/** The host of a Via's sent-by or of the first SIP URI in a header value. */
export function sipHost(headerValue: string): string | undefined {
  const via = /^SIP\/2\.0\/[A-Z]+\s+([^;:\s]+)/i.exec(headerValue);
  if (via) return via[1];
  return /sips?:(?:[^@;>\s]+@)?([^;:>\s]+)/i.exec(headerValue)?.[1];
}

import { randomBytes } from 'node:crypto';

// Hand-built SIP text for the test caller: writing the bytes ourselves lets tests send what a
// well-behaved sip.js sends and also what a broken or hostile client would.

export const gatewayUri = 'sip:gateway@click-to-call.invalid';

export const randomToken = (bytes = 8) => randomBytes(bytes).toString('hex');

/** What stays the same across the requests of one call (RFC 3261 dialog identifiers). */
export interface CallIdentity {
  callId: string;
  fromTag: string;
  /** Our made-up host (as sip.js does: `<random>.invalid`), in Via and Contact. */
  viaHost: string;
  contactUser: string;
}

export function newCallIdentity(): CallIdentity {
  return {
    callId: randomToken(12),
    fromTag: randomToken(5),
    viaHost: `${randomToken(6)}.invalid`,
    contactUser: randomToken(4),
  };
}

export interface RequestOptions {
  method: 'INVITE' | 'ACK' | 'BYE' | 'CANCEL' | 'UPDATE' | 'REGISTER' | 'OPTIONS';
  requestUri: string;
  identity: CallIdentity;
  cseq: number;
  branch: string;
  /** The To header's tag, once the far end gave one. */
  toTag?: string;
  /** The To header's URI: the gateway's unless the call targets another (a queue's URI). */
  toUri?: string;
  /** The dialog's route set (RFC 3261 12.1.2), sent as Route headers in this order. */
  routes?: string[];
  /**
   * Via's transport (RFC 7118 5.2): WSS, as the widget's sip.js says over wss://, unless a
   * peer that routes replies by it needs the truth about a plain ws:// connection.
   */
  viaTransport?: 'WS' | 'WSS';
  headers?: string[];
  body?: { type: string; content: string };
}

export function buildRequest(options: RequestOptions): string {
  const { identity } = options;
  const lines = [
    `${options.method} ${options.requestUri} SIP/2.0`,
    `Via: SIP/2.0/${options.viaTransport ?? 'WSS'} ${identity.viaHost};branch=${options.branch}`,
    'Max-Forwards: 70',
    ...(options.routes ?? []).map((route) => `Route: ${route}`),
    `To: <${options.toUri ?? gatewayUri}>${options.toTag ? `;tag=${options.toTag}` : ''}`,
    `From: "Test caller" <sip:visitor@click-to-call.invalid>;tag=${identity.fromTag}`,
    `Call-ID: ${identity.callId}`,
    `CSeq: ${options.cseq} ${options.method}`,
    `Contact: <sip:${identity.contactUser}@${identity.viaHost};transport=ws>`,
    ...(options.headers ?? []),
  ];
  const body = options.body?.content ?? '';
  if (options.body) lines.push(`Content-Type: ${options.body.type}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A response to a request the gateway sent us (its INFO or BYE), echoing its identifiers. */
export function buildResponse(
  status: number,
  phrase: string,
  request: { via: string[]; from: string; to: string; callId: string; cseq: string },
): string {
  const lines = [
    `SIP/2.0 ${status} ${phrase}`,
    ...request.via.map((via) => `Via: ${via}`),
    `From: ${request.from}`,
    `To: ${request.to}`,
    `Call-ID: ${request.callId}`,
    `CSeq: ${request.cseq}`,
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export const newBranch = () => `z9hG4bK${randomToken(8)}`;

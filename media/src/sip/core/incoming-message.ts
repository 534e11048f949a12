import type { IncomingRequestMessage, Logger } from 'sip.js/lib/core/index.js';
import { IncomingResponseMessage, Parser } from 'sip.js/lib/core/index.js';

export type IncomingSipMessage = IncomingRequestMessage | IncomingResponseMessage;

export type ParsedSip = { ok: true; message: IncomingSipMessage } | { ok: false; reason: string };

/** Nothing the gateway speaks needs more; larger messages are refused before parsing. */
export const maxSipMessageBytes = 64 * 1024;

const methodPattern = /^[A-Z]{1,16}$/;

/**
 * Parses and validates one SIP message from a peer (the trunk or a browser). sip.js's parser accepts messages the
 * rest of its core then throws on (a response without CSeq, a request without Call-ID), so
 * everything the core relies on is checked here: what fails is dropped, never thrown.
 */
export function parseIncomingSip(text: string, logger: Logger): ParsedSip {
  if (text.length > maxSipMessageBytes) return { ok: false, reason: 'too large' };
  if (/^\s*$/.test(text)) return { ok: false, reason: 'keep-alive' };
  let message: IncomingSipMessage | undefined;
  try {
    message = Parser.parseMessage(text, logger);
  } catch {
    message = undefined;
  }
  if (!message) return { ok: false, reason: 'unparsable' };
  const problem = missingPart(message);
  return problem ? { ok: false, reason: problem } : { ok: true, message };
}

function missingPart(message: IncomingSipMessage): string | undefined {
  if (!message.from || !message.fromTag) return 'From or its tag missing';
  if (!message.to) return 'To missing';
  if (!message.callId || message.callId.length > 256) return 'Call-ID missing or too long';
  if (!Number.isInteger(message.cseq) || message.cseq < 0 || message.cseq > 2 ** 31)
    return 'CSeq missing or out of range';
  if (!methodPattern.test(message.method ?? '')) return 'CSeq method missing';
  if (!message.viaBranch) return 'Via or its branch missing';
  if (message instanceof IncomingResponseMessage) {
    const status = message.statusCode ?? 0;
    if (!Number.isInteger(status) || status < 100 || status > 699) return 'status out of range';
    return undefined;
  }
  if (!message.ruri) return 'Request-URI missing';
  if (message.method === 'INVITE' || message.method === 'UPDATE') {
    const type = message.getHeader('content-type');
    if (message.body && type && !/^application\/sdp\b/i.test(type)) return 'body is not SDP';
  }
  return undefined;
}

export function isResponse(message: IncomingSipMessage): message is IncomingResponseMessage {
  return message instanceof IncomingResponseMessage;
}

import type { IncomingRequestMessage, Logger } from 'sip.js/lib/core/index.js';
import { IncomingResponseMessage, Parser } from 'sip.js/lib/core/index.js';
import { requestVerdict, type RequestPolicy } from './request-verdict.ts';
import { readSipMessageHead } from './sip-message-head.ts';
import { statelessRefusal } from './stateless-refusal.ts';

export type IncomingSipMessage = IncomingRequestMessage | IncomingResponseMessage;

/** A request refused before the core: its status, why, and the answer to send back. */
export interface SipRequestRefusal {
  method: string;
  status: number;
  reason: string;
  response: string;
}

export type ParsedSip =
  | { ok: true; message: IncomingSipMessage }
  | { ok: false; reason: string; refusal?: SipRequestRefusal };

/** Nothing the gateway speaks needs more; larger messages are refused before parsing. */
export const maxSipMessageBytes = 64 * 1024;

/**
 * The message's size as read, in UTF-8 bytes. A transport's limit counts the bytes that came
 * in, but each byte that is not UTF-8 is read as U+FFFD, three bytes long: a 64 KiB request
 * could grow to 192 KiB as read, and its answer, which copies its header fields, with it (too
 * big for a datagram, and for a PBX's TCP reader that has the same limit as ours).
 */
const sizeAsRead = (text: string) => Buffer.byteLength(text, 'utf8');

const methodPattern = /^[A-Z]{1,16}$/;

/**
 * Parses and validates one SIP message from a peer (the trunk or a browser). sip.js's parser
 * accepts messages the rest of its core then throws on (a response without CSeq, a request
 * without Call-ID), so everything the core relies on is checked here. A request that fails
 * is refused with the status request-verdict.ts decides, or dropped when it cannot be
 * answered; a response that fails is dropped. Nothing is thrown.
 */
export function parseIncomingSip(text: string, logger: Logger, policy: RequestPolicy): ParsedSip {
  if (sizeAsRead(text) > maxSipMessageBytes) return { ok: false, reason: 'too large' };
  if (/^\s*$/.test(text)) return { ok: false, reason: 'keep-alive' };
  let message: IncomingSipMessage | undefined;
  try {
    message = Parser.parseMessage(text, logger);
  } catch {
    message = undefined;
  }
  if (message instanceof IncomingResponseMessage) {
    const problem = responseProblem(message);
    return problem ? { ok: false, reason: problem } : { ok: true, message };
  }
  const head = readSipMessageHead(text);
  // A response sip.js could not parse: nobody to answer.
  if (!head || head.startLine.startsWith('SIP/')) return { ok: false, reason: 'unparsable' };
  const verdict = requestVerdict(head, message, policy);
  if (verdict.kind === 'drop') return { ok: false, reason: verdict.reason };
  if (verdict.kind === 'refuse') {
    const { status, reason } = verdict;
    const method = head.startLine.split(' ')[0] ?? '';
    const response = statelessRefusal(head, verdict);
    return { ok: false, reason, refusal: { method, status, reason, response } };
  }
  // The verdict refuses what sip.js could not parse: a pass always has its message.
  return message ? { ok: true, message } : { ok: false, reason: 'unparsable' };
}

function responseProblem(message: IncomingResponseMessage): string | undefined {
  if (!message.from || !message.fromTag) return 'From or its tag missing';
  if (!message.to) return 'To missing';
  if (!message.callId || message.callId.length > 256) return 'Call-ID missing or too long';
  if (!Number.isInteger(message.cseq) || message.cseq < 0 || message.cseq > 2 ** 31)
    return 'CSeq missing or out of range';
  if (!methodPattern.test(message.method ?? '')) return 'CSeq method missing';
  if (!message.viaBranch) return 'Via or its branch missing';
  const status = message.statusCode ?? 0;
  if (!Number.isInteger(status) || status < 100 || status > 699) return 'status out of range';
  return undefined;
}

export function isResponse(message: IncomingSipMessage): message is IncomingResponseMessage {
  return message instanceof IncomingResponseMessage;
}

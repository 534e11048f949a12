import { Core } from 'sip.js';

export type IncomingMessageVerdict = 'delivered' | 'unparsable' | 'incomplete' | 'foreign-response';

const mandatoryHeaders = ['from', 'to', 'call_id', 'cseq', 'via'];
/** Nothing the gateway speaks needs more; larger frames are refused before parsing. */
export const maxSipMessageBytes = 64 * 1024;

/**
 * Parses one SIP message from a peer and hands it to the core, after the sanity checks
 * RFC 3261 section 8.1.3.3 and 8.2 ask for (sip.js's UserAgent does these, its core does
 * not). Garbage is dropped, never thrown: a peer must not be able to crash the gateway.
 */
export function deliverIncomingMessage(
  core: Core.UserAgentCore,
  raw: string,
  options: { loggerFactory: Core.LoggerFactory; viaHost: string },
): IncomingMessageVerdict {
  if (raw.length > maxSipMessageBytes) return 'unparsable';
  let message: Core.IncomingRequestMessage | Core.IncomingResponseMessage | undefined;
  try {
    message = Core.Parser.parseMessage(raw, options.loggerFactory.getLogger('sip.parser'));
  } catch {
    return 'unparsable';
  }
  if (!message) return 'unparsable';
  if (!mandatoryHeaders.every((header) => message.hasHeader(header))) return 'incomplete';
  const declared = Number(message.getHeader('content-length') ?? 0);
  if (Buffer.byteLength(message.body ?? '', 'utf8') < declared) return 'incomplete';

  try {
    if (message instanceof Core.IncomingRequestMessage) {
      core.receiveIncomingRequestFromTransport(message);
      return 'delivered';
    }
    // A response belongs to us only if its single Via is ours (RFC 3261 8.1.3.3).
    if (message.getHeaders('via').length > 1 || message.via.host !== options.viaHost)
      return 'foreign-response';
    core.receiveIncomingResponseFromTransport(message);
    return 'delivered';
  } catch {
    return 'unparsable';
  }
}

import { SipHeaderNameSchema, SipHeaderValueSchema } from '../../../../protocol/call-token.ts';
import { InvalidTrunkHeaderError } from './trunk-errors.ts';

/** More than this many routing headers is a bug upstream, not routing data. */
export const maxRoutingHeaders = 16;

// Headers that carry the dialog, the transaction, the body or the session timer: the trunk
// client owns them, so routing data may never set them (a header-injection defence in depth).
const reservedHeaders = new Set(
  [
    'via',
    'v',
    'from',
    'f',
    'to',
    't',
    'call-id',
    'i',
    'cseq',
    'contact',
    'm',
    'max-forwards',
    'route',
    'record-route',
    'content-length',
    'l',
    'content-type',
    'c',
    'content-encoding',
    'e',
    'supported',
    'k',
    'require',
    'proxy-require',
    'session-expires',
    'x',
    'min-se',
    'allow',
    'authorization',
    'proxy-authorization',
    'expires',
    'event',
    'o',
    'refer-to',
    'r',
  ].map((name) => name.toLowerCase()),
);

/**
 * Turns the routing headers into `Name: value` lines for the INVITE. They were validated
 * upstream (call token schema); they are validated again here because this is the last place
 * before they go on the wire. Throws InvalidTrunkHeaderError naming the header.
 */
export function routingHeaderLines(headers: Record<string, string>): string[] {
  const entries = Object.entries(headers);
  if (entries.length > maxRoutingHeaders) {
    throw new InvalidTrunkHeaderError(`too many routing headers (${entries.length})`);
  }
  return entries.map(([name, value]) => {
    if (!SipHeaderNameSchema.safeParse(name).success) {
      throw new InvalidTrunkHeaderError(
        `header name is not a SIP token: ${JSON.stringify(name.slice(0, 64))}`,
      );
    }
    if (reservedHeaders.has(name.toLowerCase())) {
      throw new InvalidTrunkHeaderError(`header ${name} is reserved for the SIP stack`);
    }
    if (!SipHeaderValueSchema.safeParse(value).success) {
      throw new InvalidTrunkHeaderError(
        `header ${name}: value has control characters or is too long`,
      );
    }
    return `${name}: ${value.trim()}`;
  });
}

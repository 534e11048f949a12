// What the API's and the gateway's logs must never hold: tokens, secrets, phone numbers,
// comments, passwords, addresses. Code logs ids and codes; this is the safety net for when an
// object or a message carrying them slips into a log call, at any level. One rule for both
// services: protocol/ is the one folder both may import.
// A client's address, when a log must tell clients apart, goes in as the label
// client-address/address-pseudonym.ts makes of it.
import { stdSerializers, type LoggerOptions } from 'pino';
import { redactText } from './redact-text.ts';

/** Fields removed wherever an object logged carries them (pino's `redact`). */
const logRedactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.cookie',
  '*.sessionToken',
  '*.callToken',
  '*.probeToken',
  '*.serviceToken',
  '*.captchaResponse',
  '*.password',
  '*.phone',
  '*.comment',
  '*.secret',
  '*.credential',
  '*.ip',
  '*.remoteAddress',
  'authorization',
  'sessionToken',
  'callToken',
  'probeToken',
  'serviceToken',
  'phone',
  'comment',
  'password',
  'credential',
  'ip',
  'remoteAddress',
];

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, redactStrings(v)]));
  }
  return value;
}

/**
 * A logged error as pino serializes it, every string redacted: its message and stack, a
 * syscall error's address, and the same in its causes.
 */
const redactedError = (error: Error) => redactStrings(stdSerializers.err(error));

/**
 * The pino options both services start their logger with. Fields go by name; free text (the
 * message, an error's message and stack, sip.js's lines about whole SIP messages) is
 * scrubbed by pattern, since anything may have been pasted into it.
 */
export const redactingLogOptions = {
  redact: logRedactPaths,
  serializers: { err: redactedError },
  hooks: {
    logMethod(args, method) {
      const scrubbed = args.map((arg: unknown) =>
        typeof arg === 'string' ? redactText(arg) : arg,
      ) as Parameters<typeof method>;
      method.apply(this, scrubbed);
    },
  },
} satisfies LoggerOptions;

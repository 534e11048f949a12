import { pino, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import { redactingLogOptions } from '../../protocol/log-redaction.ts';

/**
 * The gateway's one logger, redacting as the API's does (protocol/log-redaction.ts): what it
 * logs about SIP messages carries bearer tokens, visitors' numbers and addresses.
 * `destination` is for tests; the gateway writes to stdout.
 */
export function createMediaLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = { name: 'media', level, ...redactingLogOptions };
  return destination ? pino(options, destination) : pino(options);
}

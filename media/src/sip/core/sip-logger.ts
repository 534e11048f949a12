import { Core } from 'sip.js';

/** The pino-compatible subset the SIP layer logs through. */
export interface ServiceLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
  debug(details: object, message?: string): void;
}

/**
 * Routes sip.js's own logging into the service logger, at debug only: its "error" and "warn"
 * lines are about single messages we already count as dropped, and its content is cut short
 * so no SDP (or anything else a message carries) is ever logged whole.
 */
export function sipLoggerFactory(logger: ServiceLogger): Core.LoggerFactory {
  const factory = new Core.LoggerFactory();
  factory.builtinEnabled = false;
  factory.connector = (level, category, _label, content) => {
    // sip.js's own level under a name of its own: a `level` field would clash with pino's.
    logger.debug({ sipjs: category, sipjsLevel: level }, String(content).slice(0, 300));
  };
  return factory;
}

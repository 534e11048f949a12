import { Core } from 'sip.js';

/** The structured logger every service passes around (pino's shape). */
export interface ServiceLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Routes sip.js's own logging into the service logger, at debug only: sip.js logs whole
 * messages, and those carry SDP, phone numbers and the call token.
 */
export function sipLoggerFactory(logger: ServiceLogger): Core.LoggerFactory {
  const factory = new Core.LoggerFactory();
  factory.builtinEnabled = false;
  factory.level = Core.Levels.warn;
  factory.connector = (level, category) => logger.debug({ level, category }, 'sip.js');
  return factory;
}

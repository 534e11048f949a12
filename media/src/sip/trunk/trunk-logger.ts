import { LoggerFactory } from 'sip.js/lib/core/index.js';

/** The pino-compatible subset the trunk logs through. */
export interface TrunkLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/**
 * sip.js's core logs through its own factory. Everything it says goes to debug (its "error"
 * and "warn" lines are about single messages we already count as dropped), and never as
 * message dumps: sip.js core logs only descriptions, not SDP bodies.
 */
export function sipLoggerFactory(logger: TrunkLogger): LoggerFactory {
  const factory = new LoggerFactory();
  factory.builtinEnabled = false;
  factory.connector = (level, category, _label, content) => {
    logger.debug({ sipjs: category, level }, String(content).slice(0, 300));
  };
  return factory;
}

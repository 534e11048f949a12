import { z } from 'zod';

/** pino's log levels, shared by every service's config. */
export const LogLevelSchema = z.enum([
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
]);

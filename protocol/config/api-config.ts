import { z } from 'zod';
import { loadEnvConfig } from './env-config.ts';
import { LogLevelSchema } from './log-level.ts';
import { PortSchema } from './port.ts';

/** The API's whole configuration, parsed once at start-up. */
export const ApiConfigSchema = z.strictObject({
  /** Address the HTTP server binds to. Loopback by default: a reverse proxy fronts it. */
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port of the HTTP server. */
  port: PortSchema.default(8080),
  /** pino log level. */
  logLevel: LogLevelSchema.default('info'),
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;

export const apiConfigEnvNames = {
  host: 'API_HOST',
  port: 'API_PORT',
  logLevel: 'API_LOG_LEVEL',
} as const satisfies Record<keyof ApiConfig, string>;

export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  return loadEnvConfig('API', ApiConfigSchema, apiConfigEnvNames, env);
}

import { z } from 'zod';
import { loadEnvConfig } from './env-config.ts';
import { LogLevelSchema } from './log-level.ts';
import { PortSchema } from './port.ts';

/** The media gateway's whole configuration, parsed once at start-up. */
export const MediaConfigSchema = z
  .strictObject({
    /** Address the HTTP/WebSocket server binds to. */
    host: z.string().min(1).default('127.0.0.1'),
    /** TCP port of the HTTP/WebSocket server (health checks, SIP over WebSocket). */
    port: PortSchema.default(8090),
    /** pino log level of the gateway. */
    logLevel: LogLevelSchema.default('info'),
    /** IP the media sockets bind to. */
    rtcListenIp: z.ipv4().or(z.ipv6()).default('127.0.0.1'),
    /** Address announced in ICE candidates and SDP when behind NAT; unset: the listen IP. */
    rtcAnnouncedAddress: z.string().min(1).optional(),
    /** Lowest UDP/TCP port for media (the seeds' firewall range is 20000 to 23000). */
    rtcMinPort: PortSchema.default(20000),
    /** Highest port for media. */
    rtcMaxPort: PortSchema.default(23000),
    /** Path of the mediasoup-worker executable; unset: where infra/bootstrap.sh put it. */
    workerBin: z.string().min(1).optional(),
    /** Log level of the mediasoup worker itself (its output goes to the gateway's log). */
    workerLogLevel: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
  })
  .refine((config) => config.rtcMinPort <= config.rtcMaxPort, {
    path: ['rtcMaxPort'],
    message: 'must not be below the lowest media port',
  });
export type MediaConfig = z.infer<typeof MediaConfigSchema>;

export const mediaConfigEnvNames = {
  host: 'MEDIA_HOST',
  port: 'MEDIA_PORT',
  logLevel: 'MEDIA_LOG_LEVEL',
  rtcListenIp: 'MEDIA_RTC_LISTEN_IP',
  rtcAnnouncedAddress: 'MEDIA_RTC_ANNOUNCED_ADDRESS',
  rtcMinPort: 'MEDIA_RTC_MIN_PORT',
  rtcMaxPort: 'MEDIA_RTC_MAX_PORT',
  workerBin: 'MEDIASOUP_WORKER_BIN',
  workerLogLevel: 'MEDIA_WORKER_LOG_LEVEL',
} as const satisfies Record<keyof MediaConfig, string>;

export function loadMediaConfig(env: Record<string, string | undefined>): MediaConfig {
  return loadEnvConfig('media', MediaConfigSchema, mediaConfigEnvNames, env);
}

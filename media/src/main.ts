import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { pino } from 'pino';
import packageJson from '../../package.json' with { type: 'json' };
import { loadMediaConfig } from '../../protocol/config/media-config.ts';
import { startMediaWorker } from './engine/media-worker.ts';
import { mediaHealthRoutes } from './http/health.ts';

const config = loadMediaConfig(process.env);
const logger = pino({ name: 'media', level: config.logLevel });

const media = await startMediaWorker({
  config,
  onDied: (error) => {
    // Calls cannot survive their worker: stop so the supervisor starts a fresh gateway.
    logger.fatal({ err: error }, 'mediasoup worker died');
    process.exit(1);
  },
});
logger.info({ workerPid: media.worker.pid }, 'mediasoup worker started');

const app = new Hono();
app.route(
  '/',
  mediaHealthRoutes({
    version: packageJson.version,
    startedAt: Date.now(),
    checks: { mediasoupWorker: () => media.isHealthy() },
  }),
);

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  logger.info({ host: info.address, port: info.port }, 'media listening');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'media stopping');
    media.close();
    server.close(() => process.exit(0));
  });
}

import { serve } from '@hono/node-server';
import { pino } from 'pino';
import packageJson from '../../package.json' with { type: 'json' };
import { createApp } from './app.ts';
import { loadApiConfig } from '../../protocol/config/api-config.ts';

const config = loadApiConfig(process.env);
const logger = pino({ name: 'api', level: config.logLevel });
const app = createApp({ version: packageJson.version });

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  logger.info({ host: info.address, port: info.port }, 'api listening');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'api stopping');
    server.close(() => process.exit(0));
  });
}

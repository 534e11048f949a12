import packageJson from '../../package.json' with { type: 'json' };
import { loadMediaConfig } from '../../protocol/config/media-config.ts';
import { startGateway } from './gateway.ts';
import { createMediaLogger } from './media-logger.ts';

const config = loadMediaConfig(process.env);
const logger = createMediaLogger(config.logLevel);
const gateway = await startGateway(config, logger, packageJson.version);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'media stopping');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'media stopped uncleanly');
        process.exit(1);
      },
    );
  });
}

import packageJson from '../../package.json' with { type: 'json' };
import { loadMediaConfig } from '../../protocol/config/media-config.ts';
import { startGateway } from './gateway.ts';
import { createMediaLogger } from './media-logger.ts';

const config = loadMediaConfig(process.env);
const logger = createMediaLogger(config.logLevel);
const gateway = await startGateway(config, logger, packageJson.version);

// However the drain started (a signal, POST /admin/drain), the process leaves once no call
// is left: 0, so a supervisor sees a clean stop rather than a crash to restart.
void gateway.drained.then(() => {
  logger.info('media stopping');
  gateway.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'media stopped uncleanly');
      process.exit(1);
    },
  );
});

// The first SIGTERM drains (calls go on, nothing new comes); a second one ends the calls now.
// Send it to this process alone (tini, Kubernetes and podman do; systemd: KillMode=mixed): the
// mediasoup workers are in its process group and close at once on a signal of their own.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!gateway.load.draining()) return gateway.drain(signal);
    logger.warn({ signal }, 'second stop signal: ending the calls left');
    gateway.endCallsNow();
  });
}

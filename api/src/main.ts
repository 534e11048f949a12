import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import packageJson from '../../package.json' with { type: 'json' };
import { loadApiConfig } from '../../protocol/config/api-config.ts';
import { ConfigError } from '../../protocol/config/env-config.ts';
import { redactingLogOptions } from '../../protocol/log-redaction.ts';
import { createApp } from './app.ts';
import { hcaptchaVerifier } from './captcha/captcha-verifier.ts';
import { createMetrics } from './ops/metrics.ts';
import { loadSitesStore } from './sites/sites-store.ts';
import { watchFile } from './sites/watch-file.ts';
import { openRepository } from './storage/open-repository.ts';
import { readKeyFile, readOrCreateKeyFile } from './tokens/key-file.ts';
import { keyRingFrom, keyRingHolder } from './tokens/key-ring.ts';
import { missingTurnSecret } from './turn/visitor-ice-servers.ts';

const config = loadApiConfig(process.env);
const logger = pino({ name: 'api', level: config.logLevel, ...redactingLogOptions });

const repo = await openRepository({
  databaseUrl: config.databaseUrl,
  // The database cluster gets its own folder; generated dev keys sit beside it.
  dataDir: join(config.dataDir, 'pglite'),
  onIdleError: (error) => logger.warn({ err: error }, 'database connection lost'),
});
const sites = await loadSitesStore(config.sitesFile);
const turnProblem = missingTurnSecret(sites.all(), !!config.turnSecret);
if (turnProblem) throw new ConfigError(`Invalid API configuration: ${turnProblem}`);
// Development: without API_KEYS_FILE, keys are generated once into the data directory.
const keysFile = config.keysFile ?? join(config.dataDir, 'signing-keys.json');
const keys = keyRingHolder(
  await keyRingFrom(await readOrCreateKeyFile(keysFile, !config.keysFile)),
);

const stopWatching = [
  watchFile(config.sitesFile, () => {
    void sites.reload().then((result) => {
      const problem = result.ok && missingTurnSecret(sites.all(), !!config.turnSecret);
      if (problem) logger.error({ reason: problem }, 'sites reloaded; their TURN fails (503)');
      else if (result.ok) logger.info({ file: config.sitesFile }, 'sites reloaded');
      else
        logger.error({ reason: result.message }, 'sites file refused; keeping the last good one');
    });
  }),
  watchFile(keysFile, () => {
    readKeyFile(keysFile)
      .then(keyRingFrom)
      .then((ring) => {
        keys.replace(ring);
        logger.info({ kids: ring.jwks().keys.map((key) => key.kid) }, 'signing keys reloaded');
      })
      .catch((error: unknown) =>
        logger.error({ err: error }, 'keys file refused; keeping the keys in use'),
      );
  }),
];

const app = createApp(
  {
    repo,
    sites,
    keys,
    captcha: hcaptchaVerifier(),
    logger,
    metrics: createMetrics({ defaultMetrics: true }),
    now: () => new Date(),
  },
  {
    version: packageJson.version,
    serviceToken: config.serviceToken,
    widget: { widgetDir: config.widgetDir, embedFile: config.embedFile },
    trustedProxies: config.trustedProxies,
    secureCookies: config.secureCookies,
    ...(config.turnSecret
      ? {
          turn: {
            secret: config.turnSecret,
            credentialLifetimeS: config.turnCredentialLifetimeS,
          },
        }
      : {}),
  },
);

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  logger.info({ host: info.address, port: info.port }, 'api listening');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'api stopping');
    for (const stop of stopWatching) stop();
    // Never hang on the way out: idle keep-alive connections go now, the rest get 5 s.
    setTimeout(() => {
      logger.error('api did not stop within 5 s; exiting');
      process.exit(1);
    }, 5000).unref();
    server.close(() => void repo.close().finally(() => process.exit(0)));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

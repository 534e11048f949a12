import type { Server } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import packageJson from '../../package.json' with { type: 'json' };
import { acceptProxyProtocol } from '../../protocol/client-address/proxy-protocol-server.ts';
import { trustedProxies } from '../../protocol/client-address/trusted-proxies.ts';
import { loadApiConfig } from '../../protocol/config/api-config.ts';
import { ConfigError } from '../../protocol/config/env-config.ts';
import { oidcSignInOptions } from '../../protocol/config/supervisor-sign-in-config.ts';
import { redactingLogOptions } from '../../protocol/log-redaction.ts';
import { createApp } from './app.ts';
import { hcaptchaVerifier } from './captcha/captcha-verifier.ts';
import { drainingReadiness } from './ops/draining-readiness.ts';
import { createMetrics } from './ops/metrics.ts';
import { loadSitesStore } from './sites/sites-store.ts';
import { watchFile } from './sites/watch-file.ts';
import { startExpirySweeps } from './storage/expiry-sweeps.ts';
import { openRepository } from './storage/open-repository.ts';
import { readKeyFile, readOrCreateKeyFile } from './tokens/key-file.ts';
import { keyRingFrom, keyRingHolder } from './tokens/key-ring.ts';
import { missingTurnSecret } from './turn/visitor-ice-servers.ts';
import { startWebhookDispatcher } from './webhooks/webhook-dispatcher.ts';
import { loadWebhookSecrets, missingWebhookSecrets } from './webhooks/webhook-secrets.ts';

const config = loadApiConfig(process.env);
const logger = pino({ name: 'api', level: config.logLevel, ...redactingLogOptions });

const repo = await openRepository({
  databaseUrl: config.databaseUrl,
  // The database cluster gets its own folder; generated dev keys sit beside it.
  dataDir: join(config.dataDir, 'pglite'),
  // The reason only: pg-pool hangs the whole client object on the error it reports here.
  onIdleError: (error) =>
    logger.warn(
      { reason: error.message, code: (error as NodeJS.ErrnoException).code },
      'database connection lost',
    ),
});
const sites = await loadSitesStore(config.sitesFile);
const turnProblem = missingTurnSecret(sites.all(), !!config.turnSecret);
if (turnProblem) throw new ConfigError(`Invalid API configuration: ${turnProblem}`);
const webhookSecrets = await loadWebhookSecrets(config.webhookSecretsFile);
const webhookProblem = missingWebhookSecrets(sites.all(), webhookSecrets);
if (webhookProblem) throw new ConfigError(`Invalid API configuration: ${webhookProblem}`);
// Development: without API_KEYS_FILE, keys are generated once into the data directory.
const keysFile = config.keysFile ?? join(config.dataDir, 'signing-keys.json');
const keys = keyRingHolder(
  await keyRingFrom(await readOrCreateKeyFile(keysFile, !config.keysFile)),
);

const watchWebhookSecrets = (path: string) =>
  watchFile(path, () => {
    void webhookSecrets.reload().then((result) => {
      if (!result.ok) {
        logger.error({ reason: result.message }, 'webhook secrets refused; keeping the last');
        return;
      }
      logger.info({ file: path }, 'webhook secrets reloaded');
    });
  });

const stopWatching = [
  watchFile(config.sitesFile, () => {
    void sites.reload().then((result) => {
      const problem = result.ok && missingTurnSecret(sites.all(), !!config.turnSecret);
      if (problem) logger.error({ reason: problem }, 'sites reloaded; their TURN fails (503)');
      else if (result.ok) logger.info({ file: config.sitesFile }, 'sites reloaded');
      else
        logger.error({ reason: result.message }, 'sites file refused; keeping the last good one');
      const unsigned = result.ok && missingWebhookSecrets(sites.all(), webhookSecrets);
      if (unsigned) logger.error({ reason: unsigned }, 'webhooks wait for their secrets');
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
  ...(config.webhookSecretsFile ? [watchWebhookSecrets(config.webhookSecretsFile)] : []),
];

const metrics = createMetrics({ defaultMetrics: true });
// Limits and early call events are kept in the database: forget the lapsed ones. Personal
// data past API_RETENTION_DAYS is erased (docs/data-protection.md). Calls whose gateway
// process died without a word are ended.
const stopSweeps = startExpirySweeps(repo, {
  now: () => new Date(),
  retentionDays: config.retentionDays,
  onErased: (erased) => {
    for (const [record, count] of Object.entries(erased)) {
      metrics.personalDataErased.inc({ record }, count);
    }
    // Counts only. A request erased before anyone marked it done was never called back.
    if (erased.openCallbacks > 0) {
      logger.warn(
        { event: 'open_callbacks_erased', count: erased.openCallbacks },
        'callback requests erased past retention before they were done',
      );
    }
  },
  gatewayLostAfterMs: config.gatewayLostAfterMs,
  onGatewayCallsEnded: ({ cause, calls }) => {
    metrics.callsEndedForGoneGateway.inc({ cause }, calls);
    logger.warn({ cause, calls }, 'calls of gone gateway processes ended as connection_lost');
  },
  onError: (error) => logger.warn({ err: error }, 'expiry sweep failed; retried in a minute'),
});

const app = createApp(
  {
    repo,
    sites,
    keys,
    captcha: hcaptchaVerifier(),
    logger,
    metrics,
    now: () => new Date(),
  },
  {
    version: packageJson.version,
    serviceToken: config.serviceToken,
    widget: { widgetDir: config.widgetDir, embedFile: config.embedFile },
    trustedProxies: config.trustedProxies,
    secureCookies: config.secureCookies,
    gatewayTtlMs: config.gatewayTtlMs,
    gatewayLostAfterMs: config.gatewayLostAfterMs,
    oidc: oidcSignInOptions(config),
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

// The outbox's events go to the sites' webhook endpoints, from every API instance.
const webhooks = startWebhookDispatcher({
  repo,
  sites,
  secrets: webhookSecrets,
  retryDelaysMs: config.webhookRetryDelaysMs,
  now: () => new Date(),
  onAttempt: (delivery, result) => {
    const fields = {
      event: 'webhook_attempt',
      site: delivery.siteId,
      endpoint: delivery.endpointId,
      type: delivery.eventType,
      webhookId: delivery.eventId,
      attempt: delivery.attempt,
      statusCode: result.statusCode,
    };
    const outcome = result.delivered ? 'delivered' : result.nextAttemptAt ? 'retried' : 'given_up';
    metrics.webhookAttempts.inc({ site: delivery.siteId, endpoint: delivery.endpointId, outcome });
    if (result.delivered) logger.info(fields, 'webhook delivered');
    else if (result.nextAttemptAt)
      logger.warn(
        { ...fields, reason: result.error, nextAttemptAt: result.nextAttemptAt },
        'webhook failed; retried',
      );
    else logger.error({ ...fields, reason: result.error }, 'webhook given up');
  },
  onError: (error) => logger.warn({ err: error }, 'webhook round failed; retried'),
});

const readiness = drainingReadiness(app.fetch);
const server = serve(
  { fetch: readiness.fetch, hostname: config.host, port: config.port },
  (info) => {
    logger.info({ host: info.address, port: info.port }, 'api listening');
  },
);
if (config.proxyProtocol) {
  acceptProxyProtocol(server as Server, {
    proxies: trustedProxies(config.trustedProxies),
    onRefused: (reason) => logger.warn({ reason }, 'connection refused (PROXY protocol)'),
  });
}

let closing = false;
const close = () => {
  if (closing) return;
  closing = true;
  logger.info('api stopping');
  for (const stop of stopWatching) stop();
  stopSweeps();
  // Sends under way finish or are sent again by an instance that runs on (same webhook-id).
  void webhooks.stop();
  // Never hang on the way out: idle keep-alive connections go now, the rest get 5 s.
  setTimeout(() => {
    logger.error('api did not stop within 5 s; exiting');
    process.exit(1);
  }, 5000).unref();
  server.close(() => void repo.close().finally(() => process.exit(0)));
  if ('closeIdleConnections' in server) server.closeIdleConnections();
};

// Readiness first: /readyz answers 503 while the API still serves for API_DRAIN_DELAY_MS, the
// load balancer's time to notice; then it closes. A second signal closes at once.
let drainDelay: NodeJS.Timeout | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (readiness.draining) {
      clearTimeout(drainDelay);
      return close();
    }
    readiness.start();
    logger.info({ signal, drainDelayMs: config.drainDelayMs }, 'api draining');
    drainDelay = setTimeout(close, config.drainDelayMs);
  });
}

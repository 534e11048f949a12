import { z } from 'zod';
import { ConfigError, loadEnvConfig } from './env-config.ts';
import { LogLevelSchema } from './log-level.ts';
import { PortSchema } from './port.ts';
import { SecretFileSchema } from './secret-file.ts';
import {
  checkSupervisorSignIn,
  supervisorSignInEnvNames,
  supervisorSignInFields,
} from './supervisor-sign-in-config.ts';
import { WebhookRetryDelaysSchema } from './webhook-retry-delays.ts';
import {
  checkProxyProtocol,
  ProxyProtocolSchema,
  TrustedProxiesSchema,
} from './trusted-proxies.ts';

/** API_GATEWAY_TTL_MS unset: three of a node's default 2-second announcements. */
export const defaultGatewayTtlMs = 6000;
/** API_GATEWAY_LOST_AFTER_MS unset: ten minutes. */
export const defaultGatewayLostAfterMs = 600_000;

/** The API's whole configuration, parsed once at start-up. */
export const ApiConfigSchema = z
  .strictObject({
    /** Address the HTTP server binds to. Loopback by default: a reverse proxy fronts it. */
    host: z.string().min(1).default('127.0.0.1'),
    /** TCP port of the HTTP server. */
    port: PortSchema.default(8080),
    /** pino log level. */
    logLevel: LogLevelSchema.default('info'),
    /** PostgreSQL connection string; unset: the embedded PGlite store in `dataDir`. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    /** Where the embedded store (in `pglite/`) and generated development keys live. */
    dataDir: z.string().min(1).default('.data/api'),
    /** The sites file (JSON, see protocol/api/site-config.ts); reloaded when it changes. */
    sitesFile: z.string().min(1).default('api/config/sites.json'),
    /**
     * Signing keys file (see api/src/tokens/key-file.ts); reloaded when it changes. Unset: a
     * file in `dataDir`, generated on first start (development).
     */
    keysFile: z.string().min(1).optional(),
    /** Shared secret media/ presents as a bearer token to report call events; unset: refused. */
    serviceToken: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * The reverse proxies in front of the API (comma-separated CIDRs): the client IP is the
     * first X-Forwarded-For hop, from the right, that is not one of them. Empty: the socket's.
     */
    trustedProxies: TrustedProxiesSchema,
    /**
     * Connections start with HAProxy's PROXY protocol header (v1 or v2) naming the client: for a
     * layer-4 load balancer in front, which cannot write X-Forwarded-For. Only the trusted proxies
     * may then connect at all.
     */
    proxyProtocol: ProxyProtocolSchema,
    /** The widget's build (index.html, assets/) hosted at /widget/ (`npm run build` makes it). */
    widgetDir: z.string().min(1).default('widget/dist'),
    /** The embed loader's build hosted at /embed.js. */
    embedFile: z.string().min(1).default('embed/dist/embed.js'),
    /**
     * Mark the supervisor cookies Secure (off only for plain-HTTP development). Even off, a
     * request that came over HTTPS (a trusted proxy's X-Forwarded-Proto) gets Secure cookies.
     */
    secureCookies: z.stringbool().default(true),
    /**
     * File holding the TURN shared secret, the same one coturn has (`use-auth-secret`): the API
     * mints each visitor's TURN credential from it. Needed when a site lists `media.turn`.
     */
    turnSecret: SecretFileSchema.optional(),
    /**
     * How long a minted TURN credential can open new relays, in seconds. It is minted with each
     * connection test and call grant, used within seconds; relays opened meanwhile outlive it.
     * Default: the visitor session's 15 minutes.
     */
    turnCredentialLifetimeS: z.coerce.number().int().min(10).max(86_400).default(900),
    /**
     * A gateway node that has not announced itself for this long is forgotten: no call is placed
     * on it any more. Keep it a few of the nodes' MEDIA_ANNOUNCE_INTERVAL_MS (default 2 s) and
     * above the clock difference between API instances, which compare each other's stamps.
     */
    gatewayTtlMs: z.coerce.number().int().min(1000).max(600_000).default(defaultGatewayTtlMs),
    /**
     * A gateway node silent for this long is taken for lost with its process: the API ends the
     * records of its calls still open (reason `connection_lost`, cause `gateway_lost`) and frees
     * their places under the concurrency limits. Far above API_GATEWAY_TTL_MS: a node only cut
     * off from the API for a while keeps its calls, and its own `ended` replaces the API's
     * guess if it comes later. A node that restarts is noticed at once, by its new boot id.
     */
    gatewayLostAfterMs: z.coerce
      .number()
      .int()
      .min(10_000)
      .max(86_400_000)
      .default(defaultGatewayLostAfterMs),
    /**
     * On SIGTERM, how long /readyz answers 503 while the API still serves, before it closes:
     * the time a load balancer needs to notice and stop sending it requests (its health check
     * interval times its unhealthy threshold). 0: no load balancer, close at once.
     */
    drainDelayMs: z.coerce.number().int().min(0).max(300_000).default(0),
    /**
     * Days the personal data of calls, ratings and callback requests is kept (callback phone
     * numbers and preferred windows, rating comments, agents' and supervisors' names): then
     * erased, at start-up and every minute, while the stars, queues, timings and callback
     * statuses stay (docs/data-protection.md). At least 1: a visitor may still rate or retry
     * hours after the call, and an erased callback request can no longer be called back.
     */
    retentionDays: z.coerce
      .number()
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(3650, 'must be at most 3650 days (10 years)')
      .default(90),
    /**
     * The file of the webhook endpoints' signing secrets (protocol/config/webhook-secrets.ts),
     * reloaded when it changes; needed when a site lists `webhooks` (docs/webhooks.md).
     */
    webhookSecretsFile: z.string().min(1).optional(),
    /**
     * How long a webhook delivery waits before each retry, in milliseconds, comma-separated;
     * each wait varies by up to a fifth either way. After the last retry fails the delivery is
     * given up (shown as failed to administrators). Default: the Standard Webhooks schedule.
     */
    webhookRetryDelaysMs: WebhookRetryDelaysSchema,
    /** Supervisors' single sign-on (supervisor-sign-in-config.ts). */
    ...supervisorSignInFields,
  })
  .superRefine((config, ctx) => {
    checkProxyProtocol(config, ctx, 'API_TRUSTED_PROXIES');
    checkSupervisorSignIn(config, ctx);
    if (config.gatewayLostAfterMs <= config.gatewayTtlMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['gatewayLostAfterMs'],
        message: 'must be longer than API_GATEWAY_TTL_MS',
      });
    }
  });
export type ApiConfig = z.infer<typeof ApiConfigSchema>;

export const apiConfigEnvNames = {
  host: 'API_HOST',
  port: 'API_PORT',
  logLevel: 'API_LOG_LEVEL',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'API_DATA_DIR',
  sitesFile: 'API_SITES_FILE',
  keysFile: 'API_KEYS_FILE',
  serviceToken: 'API_SERVICE_TOKEN',
  trustedProxies: 'API_TRUSTED_PROXIES',
  proxyProtocol: 'API_PROXY_PROTOCOL',
  secureCookies: 'API_SECURE_COOKIES',
  widgetDir: 'API_WIDGET_DIR',
  embedFile: 'API_EMBED_FILE',
  turnSecret: 'API_TURN_SECRET_FILE',
  turnCredentialLifetimeS: 'API_TURN_CREDENTIAL_LIFETIME_S',
  gatewayTtlMs: 'API_GATEWAY_TTL_MS',
  gatewayLostAfterMs: 'API_GATEWAY_LOST_AFTER_MS',
  drainDelayMs: 'API_DRAIN_DELAY_MS',
  retentionDays: 'API_RETENTION_DAYS',
  webhookSecretsFile: 'API_WEBHOOK_SECRETS_FILE',
  webhookRetryDelaysMs: 'API_WEBHOOK_RETRY_DELAYS_MS',
  ...supervisorSignInEnvNames,
} as const satisfies Record<keyof ApiConfig, string>;

export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  // Ignoring the old switch would quietly count every visitor as the proxy's address.
  if (env.API_TRUST_PROXY) {
    throw new ConfigError(
      'Invalid API configuration: API_TRUST_PROXY: replaced by API_TRUSTED_PROXIES, the CIDRs of your reverse proxies',
    );
  }
  return loadEnvConfig('API', ApiConfigSchema, apiConfigEnvNames, env, {
    fromFiles: ['DATABASE_URL', 'API_SERVICE_TOKEN'],
  });
}

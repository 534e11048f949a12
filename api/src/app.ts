import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { trustedProxies } from '../../protocol/client-address/trusted-proxies.ts';
import {
  defaultGatewayLostAfterMs,
  defaultGatewayTtlMs,
} from '../../protocol/config/api-config.ts';
import type { SecretValue } from '../../protocol/config/secret-file.ts';
import type { OidcSignInOptions } from '../../protocol/config/supervisor-sign-in-config.ts';
import type { ApiDeps } from './api-deps.ts';
import { ApiError } from './errors.ts';
import { apiHeaders } from './http/api-headers.ts';
import { gatewayPlacement } from './gateways/gateway-placement.ts';
import { errorHandler } from './http/on-error.ts';
import { afterCallRoutes } from './routes/after-call-routes.ts';
import { callbackSlotRoutes } from './routes/callback-slot-routes.ts';
import { connectionTestRoutes } from './routes/connection-test-routes.ts';
import { gatewayNodeRoutes } from './routes/gateway-node-routes.ts';
import { internalRoutes } from './routes/internal-routes.ts';
import { opsRoutes } from './routes/ops-routes.ts';
import { requestFacts } from './routes/request-facts.ts';
import { visitorRoutes } from './routes/visitor-routes.ts';
import { liveCalls, liveCallsSyncEveryMs } from './supervisor/live/live-calls.ts';
import { oidcSignIn } from './supervisor/sso/oidc-sign-in.ts';
import { supervisorRoutes } from './supervisor/supervisor-routes.ts';
import { sessionVerifier } from './tokens/session-token.ts';
import { turnCredentialMinter } from './turn/turn-credentials.ts';
import { registerWebhookDocs } from './webhooks/webhook-openapi.ts';
import { widgetRoutes, type WidgetFiles } from './widget/widget-routes.ts';

export interface AppOptions {
  version: string;
  startedAt?: number;
  /** Shared secret media/ authenticates with; unset: the internal routes refuse everyone. */
  serviceToken?: string;
  /** CIDRs of the reverse proxies whose X-Forwarded-For is believed; unset: none. */
  trustedProxies?: readonly string[];
  secureCookies?: boolean;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** The widget and embed loader builds to host at /widget/ and /embed.js; unset: not hosted. */
  widget?: WidgetFiles;
  /** The TURN shared secret (coturn's) and how long minted credentials last; unset: no TURN. */
  turn?: { secret: SecretValue; credentialLifetimeS: number };
  /** API_GATEWAY_TTL_MS: a gateway node silent for longer is forgotten. */
  gatewayTtlMs?: number;
  /** API_GATEWAY_LOST_AFTER_MS: a gateway node silent for longer has its calls ended. */
  gatewayLostAfterMs?: number;
  /** Supervisors' single sign-on (API_OIDC_*); unset: local passwords only. */
  oidc?: OidcSignInOptions;
}

export type AppDeps = Omit<ApiDeps, 'verifySession' | 'turn' | 'gateways' | 'liveCalls'>;

/** Builds the API's Hono app; main.ts serves it, tests call `app.request()` on it. */
export function createApp(services: AppDeps, options: AppOptions): OpenAPIHono {
  const gatewayTtlMs = options.gatewayTtlMs ?? defaultGatewayTtlMs;
  const deps: ApiDeps = {
    ...services,
    verifySession: sessionVerifier(() => services.keys.current().sessionKey),
    gateways: gatewayPlacement(services.repo, { ttlMs: gatewayTtlMs }),
    turn: options.turn
      ? turnCredentialMinter({
          secret: options.turn.secret,
          lifetimeS: options.turn.credentialLifetimeS,
        })
      : undefined,
    liveCalls: liveCalls({
      loadOpenCalls: () => services.repo.listOpenCalls(),
      loadCall: (callId) => services.repo.getCall(callId),
      syncEveryMs: liveCallsSyncEveryMs,
      onError: (error) => services.logger.warn({ err: error }, 'live calls not loaded; retried'),
    }),
  };
  const proxies = trustedProxies(options.trustedProxies ?? []);
  const factsOf = requestFacts(proxies);
  const app = new OpenAPIHono();
  const isAllowedOrigin = (origin: string) =>
    Object.values(deps.sites.all()).some((site) => site.allowedOrigins.includes(origin));

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    deps.metrics.requests.observe(
      { method: c.req.method, route: routePath(c), status: String(c.res.status) },
      (performance.now() - started) / 1000,
    );
  });
  app.use('/v1/*', apiHeaders(isAllowedOrigin));
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const streamedBodyLimit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new ApiError('payload_too_large', 413, 'The request body is too large');
    },
  });
  app.use('/v1/*', async (c, next) => {
    // With a Content-Length the size is known up front; hono's bodyLimit would first turn the
    // Node request into a web stream, which costs more than the rest of a token request.
    const length = c.req.header('content-length');
    if (length === undefined) return streamedBodyLimit(c, next);
    if (Number(length) > maxBodyBytes) {
      throw new ApiError('payload_too_large', 413, 'The request body is too large');
    }
    await next();
  });
  app.use('/v1/*', async (c: Context, next) => {
    if (
      c.req.method === 'POST' &&
      !/^application\/json\b/i.test(c.req.header('content-type') ?? '')
    ) {
      throw new ApiError('unsupported_media_type', 415, 'The body must be application/json');
    }
    await next();
  });

  app.route(
    '/',
    opsRoutes(deps, { version: options.version, startedAt: options.startedAt ?? Date.now() }),
  );
  app.route('/', visitorRoutes(deps, factsOf));
  app.route('/', connectionTestRoutes(deps, factsOf));
  app.route('/', afterCallRoutes(deps, factsOf));
  app.route('/', callbackSlotRoutes(deps, factsOf));
  app.route('/', internalRoutes(deps, options.serviceToken));
  app.route(
    '/',
    gatewayNodeRoutes(deps, {
      serviceToken: options.serviceToken,
      ttlMs: gatewayTtlMs,
      lostAfterMs: options.gatewayLostAfterMs ?? defaultGatewayLostAfterMs,
    }),
  );
  if (options.widget) app.route('/', widgetRoutes(deps.sites, options.widget));
  app.route(
    '/supervisor',
    supervisorRoutes(deps, {
      secureCookies: options.secureCookies ?? true,
      trustedProxies: proxies,
      ...(options.oidc && { oidc: oidcSignIn(options.oidc, deps.now) }),
    }),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'http',
    scheme: 'bearer',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'service', {
    type: 'http',
    scheme: 'bearer',
  });
  registerWebhookDocs(app.openAPIRegistry);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'click-to-call API', version: options.version },
  });

  app.notFound((c) =>
    c.json({ code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }, 404),
  );
  app.onError(errorHandler(deps.logger, (code) => deps.metrics.errors.inc({ code })));
  return app;
}

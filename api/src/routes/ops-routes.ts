import { Hono } from 'hono';
import type { Health } from '../../../protocol/health.ts';
import type { ApiDeps } from '../api-deps.ts';

export interface OpsRouteOptions {
  version: string;
  startedAt: number;
}

/** /healthz (the process answers), /readyz (the database answers), /metrics, the JWKS. */
export function opsRoutes(deps: ApiDeps, { version, startedAt }: OpsRouteOptions): Hono {
  const report = (checks: Health['checks']): Health => ({
    status: Object.values(checks).every((check) => check === 'ok') ? 'ok' : 'unavailable',
    service: 'api',
    version,
    uptimeS: (Date.now() - startedAt) / 1000,
    checks,
  });
  return new Hono()
    .get('/healthz', (c) => c.json(report({})))
    .get('/readyz', async (c) => {
      const database = await deps.repo.ping().then(
        () => 'ok' as const,
        (error: unknown) => {
          deps.logger.warn({ err: error }, 'readiness: database unreachable');
          return 'failed' as const;
        },
      );
      const health = report({ database });
      return c.json(health, health.status === 'ok' ? 200 : 503);
    })
    .get('/metrics', async (c) => {
      c.header('Content-Type', deps.metrics.registry.contentType);
      return c.body(await deps.metrics.registry.metrics());
    })
    .get('/.well-known/jwks.json', (c) => {
      // Short cache: a key added for rotation must reach media/ well before it signs.
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(deps.keys.current().jwks());
    });
}

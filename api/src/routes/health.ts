import { Hono } from 'hono';
import type { Health } from '../../../protocol/health.ts';

export interface HealthRouteOptions {
  version: string;
  startedAt: number;
}

/** GET /healthz (the process answers) and GET /readyz (it can serve requests). */
export function healthRoutes({ version, startedAt }: HealthRouteOptions): Hono {
  const report = (): Health => ({
    status: 'ok',
    service: 'api',
    version,
    uptimeS: (Date.now() - startedAt) / 1000,
    checks: {},
  });
  return new Hono()
    .get('/healthz', (c) => c.json(report()))
    .get('/readyz', (c) => c.json(report()));
}

import { Hono } from 'hono';
import type { Health } from '../../../protocol/health.ts';

export interface MediaHealthOptions {
  version: string;
  startedAt: number;
  /** Named readiness checks, each resolving to true when healthy. */
  checks: Record<string, () => Promise<boolean>>;
}

/** GET /healthz (the process answers) and GET /readyz (the worker answers too). */
export function mediaHealthRoutes({ version, startedAt, checks }: MediaHealthOptions): Hono {
  const base = () => ({
    service: 'media' as const,
    version,
    uptimeS: (Date.now() - startedAt) / 1000,
  });
  return new Hono()
    .get('/healthz', (c) => c.json({ ...base(), status: 'ok', checks: {} } satisfies Health))
    .get('/readyz', async (c) => {
      const results = await Promise.all(
        Object.entries(checks).map(
          async ([name, check]) => [name, (await check()) ? 'ok' : 'failed'] as const,
        ),
      );
      const ready = results.every(([, result]) => result === 'ok');
      const health: Health = {
        ...base(),
        status: ready ? 'ok' : 'unavailable',
        checks: Object.fromEntries(results),
      };
      return c.json(health, ready ? 200 : 503);
    });
}

import { Hono } from 'hono';
import type { Health } from '../../../protocol/health.ts';

export interface MediaHealthOptions {
  version: string;
  startedAt: number;
  /** Named readiness checks, each resolving to true when healthy. */
  checks: Record<string, () => Promise<boolean>>;
  /** True while the gateway drains: not ready, whatever the checks say. */
  draining?: () => boolean;
  /** The PBX addresses and whether each is up, shown on /readyz. */
  trunkAddresses?: () => Health['trunkAddresses'];
}

/**
 * GET /healthz (the process answers) and GET /readyz (a worker and the trunk answer too, and
 * the gateway is not draining: 503 `draining` tells load balancers and the API to send it
 * nothing new while its calls go on).
 */
export function mediaHealthRoutes({
  version,
  startedAt,
  checks,
  draining = () => false,
  trunkAddresses,
}: MediaHealthOptions): Hono {
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
      const status = draining()
        ? 'draining'
        : results.every(([, result]) => result === 'ok')
          ? 'ok'
          : 'unavailable';
      const health: Health = {
        ...base(),
        status,
        checks: Object.fromEntries(results),
        ...(trunkAddresses ? { trunkAddresses: trunkAddresses() } : {}),
      };
      return c.json(health, status === 'ok' ? 200 : 503);
    });
}

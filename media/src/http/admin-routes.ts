import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { GatewayLoad } from '../node/gateway-load.ts';

export const adminDrainPath = '/admin/drain';

export interface AdminRoutesOptions {
  /** MEDIA_ADMIN_TOKEN; unset: every admin request is refused. */
  adminToken: string | undefined;
  /** Starts the drain (idempotent): the process exits once its calls are over. */
  drain(): void;
  load: GatewayLoad;
}

/**
 * POST /admin/drain: takes the gateway out of service as SIGTERM does, for an operator or an
 * orchestrator that cannot send signals. Guarded by its own bearer token (MEDIA_ADMIN_TOKEN),
 * not the service token every API instance holds: draining a node is an operator's act.
 */
export function adminRoutes({ adminToken, drain, load }: AdminRoutesOptions): Hono {
  const app = new Hono();
  if (!adminToken) {
    return app.post(adminDrainPath, (c) =>
      c.json({ code: 'admin_disabled', message: 'Set MEDIA_ADMIN_TOKEN to use this route' }, 403),
    );
  }
  return app.post(adminDrainPath, bearerAuth({ token: adminToken }), (c) => {
    drain();
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'draining', activeCalls: load.activeCalls() }, 202);
  });
}

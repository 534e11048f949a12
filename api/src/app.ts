import { Hono } from 'hono';
import { healthRoutes } from './routes/health.ts';

export interface AppOptions {
  version: string;
  startedAt?: number;
}

/** Builds the API's Hono app; main.ts serves it, tests call `app.request()` on it. */
export function createApp({ version, startedAt = Date.now() }: AppOptions): Hono {
  const app = new Hono();
  app.route('/', healthRoutes({ version, startedAt }));
  app.notFound((c) =>
    c.json({ code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }, 404),
  );
  return app;
}

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { HealthSchema, type Health } from '../../../protocol/health.ts';
import { drainingReadiness } from './draining-readiness.ts';

const healthy: Health = {
  status: 'ok',
  service: 'api',
  version: '1.0.0',
  uptimeS: 1,
  checks: { database: 'ok' },
};

describe('the API draining, readiness first', () => {
  const app = new Hono()
    .get('/readyz', (c) => c.json(healthy))
    .get('/v1/config', (c) => c.json({ ok: true }));
  const request = (
    fetch: (request: Request, env: undefined) => Response | Promise<Response>,
    path: string,
  ) => fetch(new Request(`http://api.test${path}`), undefined);

  it('answers readiness as the app does until the drain starts', async () => {
    const readiness = drainingReadiness(app.fetch);
    const ready = await request(readiness.fetch, '/readyz');
    expect(ready.status).toBe(200);
    expect(readiness.draining).toBe(false);
  });

  it('then answers 503 `draining` with the checks, and serves every other request', async () => {
    const readiness = drainingReadiness(app.fetch);
    readiness.start();
    const ready = await request(readiness.fetch, '/readyz');
    expect(ready.status).toBe(503);
    expect(HealthSchema.parse(await ready.json())).toMatchObject({
      status: 'draining',
      checks: { database: 'ok' },
    });
    const served = await request(readiness.fetch, '/v1/config');
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ ok: true });
  });
});

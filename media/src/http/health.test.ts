import { describe, expect, it } from 'vitest';
import { HealthSchema } from '../../../protocol/health.ts';
import { mediaHealthRoutes } from './health.ts';

describe('media health routes', () => {
  it('is ready only while every check passes', async () => {
    let workerAlive = true;
    const app = mediaHealthRoutes({
      version: '1.0.0',
      startedAt: Date.now(),
      checks: { mediasoupWorker: async () => workerAlive },
    });

    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(HealthSchema.parse(await ready.json()).checks).toEqual({ mediasoupWorker: 'ok' });

    workerAlive = false;
    const notReady = await app.request('/readyz');
    expect(notReady.status).toBe(503);
    expect(HealthSchema.parse(await notReady.json())).toMatchObject({
      status: 'unavailable',
      checks: { mediasoupWorker: 'failed' },
    });

    // Liveness does not depend on the worker: a restart is the supervisor's call.
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('answers 503 `draining` while the gateway drains, and stays alive', async () => {
    let draining = false;
    const app = mediaHealthRoutes({
      version: '1.0.0',
      startedAt: Date.now(),
      checks: { mediasoupWorker: async () => true },
      draining: () => draining,
    });
    expect((await app.request('/readyz')).status).toBe(200);

    draining = true;
    const drainingNow = await app.request('/readyz');
    expect(drainingNow.status).toBe(503);
    expect(HealthSchema.parse(await drainingNow.json())).toMatchObject({
      status: 'draining',
      checks: { mediasoupWorker: 'ok' },
    });
    expect((await app.request('/healthz')).status).toBe(200);
  });
});

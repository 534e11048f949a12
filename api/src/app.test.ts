import { describe, expect, it } from 'vitest';
import { HealthSchema } from '../../protocol/health.ts';
import { createApp } from './app.ts';

describe('API app', () => {
  const app = createApp({ version: '9.9.9' });

  it('answers its health and readiness checks', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const health = HealthSchema.parse(await res.json());
      expect(health).toMatchObject({ status: 'ok', service: 'api', version: '9.9.9' });
    }
  });

  it('answers an unknown path with a 404 in the error shape', async () => {
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'not_found', message: 'No route for GET /nope' });
  });
});

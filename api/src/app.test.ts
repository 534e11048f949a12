import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthSchema } from '../../protocol/health.ts';
import { startTestApi, type TestApi } from '../../tests/support/api/test-api.ts';
import { startCall, startSession } from '../../tests/support/api/visitor.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

describe('API app', () => {
  it('answers its health and readiness checks, readiness with the database', async () => {
    const live = HealthSchema.parse(await (await api.app.request('/healthz')).json());
    expect(live).toMatchObject({ status: 'ok', service: 'api', version: '9.9.9' });
    const ready = await api.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(HealthSchema.parse(await ready.json()).checks).toEqual({ database: 'ok' });
  });

  it('is not ready when the database is gone', async () => {
    const broken = await startTestApi();
    await broken.repo.close();
    const res = await broken.app.request('/readyz');
    expect(res.status).toBe(503);
    expect(HealthSchema.parse(await res.json())).toMatchObject({
      status: 'unavailable',
      checks: { database: 'failed' },
    });
    await broken.siteverify.close();
  }, 60_000);

  it('answers an unknown path with a 404 in the error shape', async () => {
    const res = await api.app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'not_found', message: 'No route for GET /nope' });
  });

  it('serves an OpenAPI document built from the protocol schemas', async () => {
    const doc = await (await api.app.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/sites/{siteId}/config',
        '/v1/sessions',
        '/v1/calls',
        '/v1/calls/{callId}/rating',
        '/v1/callbacks',
        '/v1/internal/call-events',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'CreateSessionRequest',
        'CallGrant',
        'RatingRequest',
        'CallEvent',
        'ApiError',
      ]),
    );
    expect(doc.components.schemas.RatingRequest.properties.comment.maxLength).toBe(500);
  });

  it('counts requests and issued tokens for Prometheus, and logs no tokens', async () => {
    const session = await startSession(api);
    const { callToken } = await startCall(api, session);
    const res = await api.app.request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/api_call_tokens_issued_total\{site="acme"\} 1/);
    expect(text).toMatch(
      /api_http_request_duration_seconds_count\{method="POST",route="\/v1\/calls",status="201"\} 1/,
    );
    const log = api.logs.join('');
    expect(log).not.toContain(session);
    expect(log).not.toContain(callToken);
  });
});

// The API's CORS and security headers as browsers get them: served by @hono/node-server as
// in production (where they go onto Node's response), and through app.request() as the
// route tests use it.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { origin, startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import { bearer, post, startSession, supportEn } from '../../../tests/support/api/visitor.ts';

let api: TestApi;
let server: ServerType;
let baseUrl: string;
beforeAll(async () => {
  api = await startTestApi();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: api.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await api?.close();
});

const expected = {
  'access-control-allow-origin': origin,
  vary: 'Origin',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'cross-origin',
  'cache-control': 'no-store',
  'content-type': 'application/json',
};
const headersOf = (res: Response) => Object.fromEntries(res.headers);

describe('API headers', () => {
  it('come with a call token served by Node, once each, with its length', async () => {
    // The socket's address is 127.0.0.1: the session must be bound to it.
    const session = await startSession(api, '127.0.0.1');
    const res = await fetch(`${baseUrl}/v1/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...bearer(session) },
      body: JSON.stringify({ routing: supportEn }),
    });
    const body = await res.text();
    expect(res.status).toBe(201);
    expect(headersOf(res)).toMatchObject(expected);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
  });

  it('come with a refusal served by Node, next to the refusal’s own headers', async () => {
    const res = await fetch(`${baseUrl}/v1/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ routing: supportEn }),
    });
    expect(res.status).toBe(401);
    expect(headersOf(res)).toMatchObject(expected);
    expect(await res.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('leave out the CORS grant for an origin no site allows, served by Node', async () => {
    const res = await fetch(`${baseUrl}/v1/sites/acme/config`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const withoutGrant = { ...expected } as Partial<typeof expected>;
    delete withoutGrant['access-control-allow-origin'];
    // The public config alone may be kept a while (site-config-caching.test.ts): its own
    // Cache-Control wins over the API's no-store, served by Node too.
    delete withoutGrant['cache-control'];
    expect(headersOf(res)).toMatchObject(withoutGrant);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  });

  it('are the same through app.request()', async () => {
    const session = await startSession(api);
    const res = await post(api, '/v1/calls', { routing: supportEn }, { headers: bearer(session) });
    expect(res.status).toBe(201);
    expect(headersOf(res)).toMatchObject(expected);
  });
});

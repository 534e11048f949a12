// What every POST route refuses the same way, before any route logic runs: oversize bodies
// (declared or streamed), bodies that are not JSON, malformed JSON, foreign origins.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fromIp,
  origin,
  serviceToken,
  startTestApi,
  tableCounts,
  type TestApi,
} from '../../../tests/support/api/test-api.ts';
import { answeredCall, startSession, visitorIp } from '../../../tests/support/api/visitor.ts';

let api: TestApi;
let routes: [string, Record<string, string>][];
beforeAll(async () => {
  api = await startTestApi();
  const session = await startSession(api);
  const callId = await answeredCall(api, session);
  const visitor = { authorization: `Bearer ${session}`, 'idempotency-key': randomUUID() };
  routes = [
    ['/v1/sessions', {}],
    ['/v1/calls', visitor],
    [`/v1/calls/${callId}/rating`, visitor],
    ['/v1/callbacks', visitor],
    ['/v1/internal/call-events', { authorization: `Bearer ${serviceToken}` }],
  ];
}, 60_000);
afterAll(() => api?.close());

const send = (path: string, headers: Record<string, string>, body: BodyInit, extra = {}) =>
  api.app.request(
    path,
    { method: 'POST', headers: { origin, ...headers }, body, ...extra },
    fromIp(visitorIp),
  );

async function expectRefused(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect((await res.json()).code).toBe(code);
}

describe('every POST route', () => {
  it('refuses a body over 16 KiB, declared or streamed, storing nothing', async () => {
    const before = await tableCounts(api.repo);
    const big = JSON.stringify({ padding: 'x'.repeat(17 * 1024) });
    for (const [path, headers] of routes) {
      const json = { ...headers, 'content-type': 'application/json' };
      await expectRefused(await send(path, json, big), 413, 'payload_too_large');
      const streamed = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      });
      await expectRefused(
        await send(path, json, streamed, { duplex: 'half' }),
        413,
        'payload_too_large',
      );
    }
    expect(await tableCounts(api.repo)).toEqual(before);
  });

  it('refuses a body that is not JSON, or not well-formed JSON, storing nothing', async () => {
    const before = await tableCounts(api.repo);
    for (const [path, headers] of routes) {
      await expectRefused(
        await send(
          path,
          { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          'a=1',
        ),
        415,
        'unsupported_media_type',
      );
      await expectRefused(
        await send(path, { ...headers, 'content-type': 'application/json' }, '{"stars": 5'),
        400,
        'invalid_json',
      );
    }
    expect(await tableCounts(api.repo)).toEqual(before);
  });

  it('refuses a visitor request from a page of another site', async () => {
    const before = await tableCounts(api.repo);
    const routing = { intent: 'support', language: 'en', country: 'US' };
    const bodies = [{ routing }, { stars: 5 }, { phone: '(713) 929-3714', routing, consent: true }];
    for (const [index, [path, headers]] of routes.slice(1, 4).entries()) {
      const res = await api.app.request(
        path,
        {
          method: 'POST',
          headers: {
            ...headers,
            origin: 'https://evil.example',
            'content-type': 'application/json',
          },
          body: JSON.stringify(bodies[index]),
        },
        fromIp(visitorIp),
      );
      await expectRefused(res, 403, 'origin_not_allowed');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(await tableCounts(api.repo)).toEqual(before);
  });
});

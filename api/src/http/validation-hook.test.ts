import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  serviceToken,
  startTestApi,
  tableCounts,
  type TestApi,
} from '../../../tests/support/api/test-api.ts';
import { answeredCall, bearer, post, startSession } from '../../../tests/support/api/visitor.ts';

// Found by the API's fuzzer (tests/fuzz/targets/api-routes.ts): JSON can write a lone UTF-16
// surrogate ("\ud800"), zod's strings take it, and PostgreSQL refused it in a json column: a
// 500 for the client's own mistake. So could a NUL character ("\u0000", found by the long
// run), which PostgreSQL's text cannot hold. Both are refused up front, naming the field.
let api: TestApi;
let callId: string;
let session: string;
beforeAll(async () => {
  api = await startTestApi();
  session = await startSession(api);
  callId = await answeredCall(api, session);
}, 60_000);
afterAll(() => api?.close());

describe('text that is not Unicode', () => {
  it('refuses a lone surrogate in a call event 400, naming the field, storing nothing', async () => {
    const before = await tableCounts(api.repo);
    const res = await post(
      api,
      '/v1/internal/call-events',
      `{"eventId":"00000000-0000-4000-8000-000000000001","callId":"${callId}","at":"${api.clock.now.toISOString()}","type":"answered","codec":"\\ud800"}`,
      { headers: { authorization: `Bearer ${serviceToken}` } },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'invalid_request',
      message:
        'Invalid json: codec: not text that can be stored (a lone surrogate or a NUL character)',
    });
    expect(await tableCounts(api.repo)).toEqual(before);
  });

  it('refuses it in a visitor route too', async () => {
    const res = await post(
      api,
      `/v1/calls/${callId}/rating`,
      '{"stars":5,"comment":"ok \\udc00"}',
      {
        headers: { ...bearer(session), 'idempotency-key': 'not-unicode-0001' },
      },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe(
      'Invalid json: comment: not text that can be stored (a lone surrogate or a NUL character)',
    );
  });

  it('refuses a NUL character in a rating comment 400, storing nothing', async () => {
    const before = await tableCounts(api.repo);
    const res = await post(api, `/v1/calls/${callId}/rating`, '{"stars":1,"comment":"\\u0000"}', {
      headers: { ...bearer(session), 'idempotency-key': 'nul-comment-0001' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe(
      'Invalid json: comment: not text that can be stored (a lone surrogate or a NUL character)',
    );
    expect(await tableCounts(api.repo)).toEqual(before);
  });

  it('takes a surrogate pair: an emoji is Unicode text', async () => {
    const res = await post(
      api,
      `/v1/calls/${callId}/rating`,
      '{"stars":5,"comment":"great \\ud83d\\ude00"}',
      {
        headers: { ...bearer(session), 'idempotency-key': 'emoji-rating-0001' },
      },
    );
    expect(res.status).toBe(201);
  });
});

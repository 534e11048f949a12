import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AvailabilitySchema } from '../../../protocol/api/availability.ts';
import { startTestApi, tableCounts, type TestApi } from '../../../tests/support/api/test-api.ts';
import { bearer, post, startSession, supportEn } from '../../../tests/support/api/visitor.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi((file) => {
    // One call token per session: checking availability must not spend it.
    file.sites.acme!.limits.callsPerSession = 1;
  });
}, 60_000);
afterAll(() => api.close());

const check = (session: string, body: unknown) =>
  post(api, '/v1/availability', body, { headers: bearer(session) });

describe('POST /v1/availability', () => {
  it('names the open team, stores nothing and leaves the call allowance intact', async () => {
    const session = await startSession(api);
    const before = await tableCounts(api.repo);
    for (let i = 0; i < 3; i++) {
      const res = await check(session, { routing: supportEn });
      expect(res.status).toBe(200);
      expect(AvailabilitySchema.parse(await res.json())).toEqual({
        kind: 'open',
        queue: 'support-en',
        queueDisplayName: 'English Technical Support',
      });
    }
    expect(await tableCounts(api.repo)).toEqual(before);
    const grant = await post(
      api,
      '/v1/calls',
      { routing: supportEn },
      { headers: bearer(session) },
    );
    expect(grant.status).toBe(201);
    expect(await grant.json()).toMatchObject({ kind: 'call' });
  });

  it('offers a callback with the fallback number and the opening hours when the team is closed', async () => {
    api.clock.now = new Date('2026-11-26T18:00:00Z'); // Thanksgiving: sales is closed
    try {
      const session = await startSession(api);
      const res = await check(session, { routing: { ...supportEn, intent: 'sales' } });
      expect(await res.json()).toEqual({
        kind: 'callback',
        reason: 'closed',
        queue: 'sales-en',
        fallbackNumber: '+17139293714',
        // For the Closed screen: the team's week in its own zone, and Friday 08:00 in Chicago.
        openingHours: {
          timeZone: 'America/Chicago',
          weekly: expect.objectContaining({ mon: [{ open: '08:00', close: '18:00' }] }),
          nextOpening: '2026-11-27T14:00:00.000Z',
        },
      });
    } finally {
      api.clock.now = new Date();
    }
  });

  it.each([
    ['no session', undefined, { routing: supportEn }, 401],
    ['a forged session', 'Bearer abc.def.ghi', { routing: supportEn }, 401],
    ['an unknown field', 'session', { routing: supportEn, queue: 'x' }, 400],
    ['an intent the site lacks', 'session', { routing: { ...supportEn, intent: 'ghost' } }, 422],
  ])('refuses %s', async (_what, auth, body, status) => {
    const session = await startSession(api);
    const headers =
      auth === 'session' ? bearer(session) : auth ? { authorization: auth } : undefined;
    const res = await post(api, '/v1/availability', body, headers ? { headers } : {});
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
    });
  });
});

import { describe, expect, it } from 'vitest';
import { adminRoutes } from './admin-routes.ts';

const adminToken = 'admin-token-'.padEnd(40, 'x');

function setUp(token: string | undefined) {
  let drains = 0;
  const app = adminRoutes({
    adminToken: token,
    drain: () => (drains += 1),
    load: { activeCalls: () => 3, liveWorkers: () => 2, draining: () => drains > 0 },
  });
  const post = (authorization?: string) =>
    app.request('/admin/drain', {
      method: 'POST',
      headers: authorization ? { authorization } : {},
    });
  return { post, drains: () => drains };
}

describe('POST /admin/drain', () => {
  it('drains with the admin token and tells how many calls are left', async () => {
    const { post, drains } = setUp(adminToken);
    const res = await post(`Bearer ${adminToken}`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'draining', activeCalls: 3 });
    expect(drains()).toBe(1);
  });

  it('refuses a missing or wrong token, and does not drain', async () => {
    const { post, drains } = setUp(adminToken);
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${'wrong-token-'.padEnd(40, 'y')}`)).status).toBe(401);
    expect(drains()).toBe(0);
  });

  it('refuses everything while MEDIA_ADMIN_TOKEN is unset', async () => {
    const { post, drains } = setUp(undefined);
    const res = await post(`Bearer ${adminToken}`);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'admin_disabled' });
    expect(drains()).toBe(0);
  });
});

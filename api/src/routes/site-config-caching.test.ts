// The public site config, which the embed loader fetches on every page view of the customer's
// site: browsers may keep it for a short max-age and then revalidate it by its ETag, so a
// repeated page view does not fetch it again, and a changed sites file still reaches every
// visitor within that max-age.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { origin, startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import { siteConfigMaxAgeS } from './visitor-routes.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

const getConfig = (headers: Record<string, string> = {}) =>
  api.app.request('/v1/sites/acme/config', { headers: { origin, ...headers } });

describe('GET /v1/sites/{siteId}/config caching', () => {
  it('may be kept for a minute at most, then revalidated with its ETag', async () => {
    expect(siteConfigMaxAgeS).toBeLessThanOrEqual(60);
    const res = await getConfig();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(`public, max-age=${siteConfigMaxAgeS}`);
    // The CORS grant names the page's origin: a cache must keep one copy per origin.
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);

    const revalidated = await getConfig({ 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('cache-control')).toBe(`public, max-age=${siteConfigMaxAgeS}`);
  });

  it('gives the changed config, with a new ETag, to a browser revalidating its old copy', async () => {
    const before = await getConfig();
    const etag = before.headers.get('etag')!;
    const site = api.sites.get('acme')!;
    const colour = site.theme.primaryColor;
    try {
      site.theme.primaryColor = '#7a1b3e';
      const after = await getConfig({ 'if-none-match': etag });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      expect((await after.json()).theme.primaryColor).toBe('#7a1b3e');
    } finally {
      site.theme.primaryColor = colour;
    }
  });

  it('never lets an error be kept', async () => {
    const missing = await api.app.request('/v1/sites/nope/config');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
    expect(missing.headers.get('etag')).toBeNull();
  });
});

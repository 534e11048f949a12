import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';

// A stand-in build (what `npm run build` leaves in widget/dist and embed/dist).
const build = mkdtempSync(join(tmpdir(), 'widget-build-'));
mkdirSync(join(build, 'assets'));
writeFileSync(join(build, 'index.html'), '<main id="click-to-call"></main>');
writeFileSync(join(build, 'assets', 'index-abc123.js'), 'console.log("widget")');
writeFileSync(join(build, 'embed.js'), '(()=>{})()');
writeFileSync(join(build, 'embed-frame.js'), 'var ClickToCallFrame={}');

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi(
    (file) => {
      file.sites['beta'] = {
        ...structuredClone(file.sites.acme!),
        allowedOrigins: ['https://beta.example'],
      };
    },
    { widget: { widgetDir: build, embedFile: join(build, 'embed.js') } },
  );
}, 60_000);
afterAll(() => api.close());

describe('the hosted widget', () => {
  it("may be framed only by the site's allowed origins", async () => {
    const acme = await api.app.request('/widget/?site=acme&intent=sales');
    expect(acme.status).toBe(200);
    expect(await acme.text()).toContain('id="click-to-call"');
    expect(acme.headers.get('content-security-policy')).toBe(
      'frame-ancestors https://www.acme.example http://127.0.0.1:8000 http://localhost:8000 http://127.0.0.1:8080 http://localhost:8080',
    );
    expect(acme.headers.get('cache-control')).toBe('no-store');
    const beta = await api.app.request('/widget/?site=beta');
    expect(beta.headers.get('content-security-policy')).toBe(
      'frame-ancestors https://beta.example',
    );
  });

  it.each([
    ['no site', '/widget/'],
    ['an unknown site', '/widget/?site=ghost'],
    ['a malformed site id', '/widget/?site=..%2Fetc'],
  ])('refuses %s, and may not be framed at all', async (_what, path) => {
    const res = await api.app.request(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(await res.text()).toMatch(/\?site=/);
  });

  it('serves the hashed assets for a year and the loader for minutes', async () => {
    const asset = await api.app.request('/widget/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("widget")');
    // The page itself is reachable only with its framing rule, never as a static file.
    for (const sneaky of ['/widget/assets/..%2Findex.html', '/widget/assets/%2e%2e/index.html'])
      expect((await api.app.request(sneaky)).status).toBe(404);
    const loader = await api.app.request('/embed.js');
    expect(loader.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
    // Its part for an open widget, which embed.js fetches from beside itself.
    const part = await api.app.request('/embed-frame.js');
    expect(part.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await part.text()).toBe('var ClickToCallFrame={}');
  });
});

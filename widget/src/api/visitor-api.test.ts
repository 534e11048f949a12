import { afterEach, describe, expect, it, vi } from 'vitest';
import { visitorApi } from './visitor-api.ts';

/** The requests the widget makes, answered with an empty config. */
function recordFetches() {
  const requests: { url: string; cache: RequestCache | undefined }[] = [];
  vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
    requests.push({ url: String(url), cache: init.cache });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return requests;
}
afterEach(() => vi.unstubAllGlobals());

describe("the site's config", () => {
  const api = visitorApi('https://api.acme.example');

  it("is taken from the browser's cache when the widget loads (the API allows a minute)", async () => {
    const requests = recordFetches();
    await api.siteConfig('acme');
    expect(requests).toEqual([
      { url: 'https://api.acme.example/v1/sites/acme/config', cache: undefined },
    ]);
  });

  it('is checked with the API, past that copy, when asked for fresh', async () => {
    const requests = recordFetches();
    await api.siteConfig('acme', { fresh: true });
    expect(requests).toEqual([
      { url: 'https://api.acme.example/v1/sites/acme/config', cache: 'no-cache' },
    ]);
  });
});

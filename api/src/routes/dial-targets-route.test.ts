// The toll-fraud guard's source: the gateway dials only what this route lists for a site.
// What it lists must hold every queue URI the API writes into the call tokens it issues
// (else real calls are refused), and nothing the site's routing cannot lead to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialTargetsSchema } from '../../../protocol/api/dial-targets.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import { allowCallsFromOneAddress } from '../../../infra/dev/site-edits.ts';
import { serviceToken, startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import {
  bearer,
  callTokenClaims,
  startCall,
  startSession,
} from '../../../tests/support/api/visitor.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi((file) => {
    const acme = file.sites.acme!;
    allowCallsFromOneAddress(acme, 1000);
    acme.limits.callsPerSession = 1000;
    // A queue no rule leads to: never in a token, so never a target.
    acme.queues['unrouted'] = { user: 'queue-unrouted', displayName: 'Unrouted', headers: {} };
  });
}, 60_000);
afterAll(() => api.close());

const get = (headers: Record<string, string> = bearer(serviceToken)) =>
  api.app.request('/v1/internal/dial-targets', { headers });

describe('GET /v1/internal/dial-targets', () => {
  it('lists each queue URI the API puts in call tokens, and no other', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    const { sites } = DialTargetsSchema.parse(await res.json());
    const session = await startSession(api);
    const routings: RoutingData[] = [
      { intent: 'support', language: 'en', country: 'US' },
      { intent: 'sales', language: 'en', country: 'US' },
      { intent: 'billing', language: 'en', country: 'US' },
      { intent: 'support', language: 'es', country: 'ES' },
      { intent: 'support', language: 'fr', country: 'FR' },
      { intent: 'support', language: 'de', country: 'DE' },
    ];
    const inTokens = new Set<string>();
    for (const routing of routings) {
      const { callToken } = await startCall(api, session, { routing });
      inTokens.add(callTokenClaims(callToken).queue.uri);
    }
    // Every routing above reaches a queue of its own: together they are the site's targets.
    expect(new Set(sites.acme)).toEqual(inTokens);
    expect(sites.acme).not.toContain('sip:queue-unrouted@127.0.0.1:5060');
  });

  it('answers 304 to the ETag it gave, and the list again to any other', async () => {
    const first = await get();
    const etag = first.headers.get('etag');
    expect(etag).toBe(`"${DialTargetsSchema.parse(await first.json()).version}"`);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const unchanged = await get({ ...bearer(serviceToken), 'if-none-match': `W/${etag}` });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(unchanged.headers.get('etag')).toBe(etag);
    const stale = await get({ ...bearer(serviceToken), 'if-none-match': '"an-older-version"' });
    expect(stale.status).toBe(200);
    expect(DialTargetsSchema.parse(await stale.json()).sites.acme).toContain(
      'sip:queue-support-en@127.0.0.1:5060',
    );
  });

  it('refuses a caller without the service token, before anything else', async () => {
    expect((await get({})).status).toBe(401);
    expect((await get(bearer('not-the-service-token'.padEnd(40, 'x')))).status).toBe(401);
  });

  it('is in the OpenAPI document with its schema', async () => {
    const doc = await (await api.app.request('/openapi.json')).json();
    expect(Object.keys(doc.paths)).toContain('/v1/internal/dial-targets');
    expect(Object.keys(doc.components.schemas)).toContain('DialTargets');
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApi } from '../../infra/dev/spawn-services.ts';
import { waitUntilReady } from '../../infra/dev/wait-until-ready.ts';
import { freePort } from '../../infra/rig/ports.ts';
import type { SiteverifyStandIn } from '../../infra/rig/siteverify-stand-in.ts';
import {
  passingCaptchaResponse,
  writeDemoSitesPassingCaptcha,
} from '../support/api/demo-sites-passing-captcha.ts';
import { postJsonFrom, type FromAddress } from '../support/proxy/forwarded-requests.ts';
import { useRig } from '../support/rig/use-rig.ts';

const proxy = '127.0.0.1';
// Another loopback address: a visitor reaching the API without going through the proxy.
const directVisitor = '127.0.0.2';
const origin = 'https://www.acme.example';

// Behind a reverse proxy every request comes from the proxy: per-address limits and the
// captcha check must see the visitor the proxy names, and only a trusted proxy may name one.
describe('the API behind a trusted proxy', () => {
  const rig = useRig('api-trusted-proxies');
  let siteverify: SiteverifyStandIn;
  let apiUrl: string;

  const startSession = (from: FromAddress) =>
    postJsonFrom(
      from,
      `${apiUrl}/v1/sessions`,
      { siteId: 'acme', captchaResponse: passingCaptchaResponse },
      { origin },
    );
  const viaProxy = (forwardedFor: string): FromAddress => ({ localAddress: proxy, forwardedFor });

  beforeAll(async () => {
    const workDir = rig.dir.workDir('api');
    let sitesFile: string;
    ({ sitesFile, siteverify } = await writeDemoSitesPassingCaptcha(workDir, (acme) => {
      acme.limits.sessionsPerIpPerMinute = 2;
    }));
    const api = spawnApi(rig.processes, {
      port: await freePort(),
      sitesFile,
      dataDir: join(workDir, 'data'),
      env: { API_TRUSTED_PROXIES: `${proxy}/32` },
    });
    apiUrl = api.url;
    await waitUntilReady(`${apiUrl}/readyz`, 120_000);
  });
  afterAll(async () => {
    await siteverify?.close();
  });

  const remoteIpsSince = (start: number) =>
    siteverify.requests.slice(start).map((request) => request.remoteip);

  it('serves more visitors through one proxy than one address may start, and tells the captcha who they are', async () => {
    const start = siteverify.requests.length;
    const statuses = [];
    for (const visitor of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      statuses.push(await startSession(viaProxy(visitor)));
    expect(statuses).toEqual([201, 201, 201]);
    expect(remoteIpsSince(start)).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.3']);
  });

  it('refuses one visitor going over its own limit, forged hops or not', async () => {
    const visitor = '203.0.113.10';
    expect([await startSession(viaProxy(visitor)), await startSession(viaProxy(visitor))]).toEqual([
      201, 201,
    ]);
    // What the visitor wrote is left of what the proxy appended: it changes nothing.
    expect(await startSession(viaProxy(`198.51.100.9, ${visitor}`))).toBe(429);
    expect(await startSession(viaProxy('203.0.113.11'))).toBe(201);
  });

  it('counts a visitor that is not a trusted proxy by its own address, whatever it forwards', async () => {
    const start = siteverify.requests.length;
    const statuses = [];
    for (const forged of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
      statuses.push(await startSession({ localAddress: directVisitor, forwardedFor: forged }));
    expect(statuses).toEqual([201, 201, 429]);
    expect(remoteIpsSince(start)).toEqual([directVisitor, directVisitor]);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApi, spawnGateway } from '../../infra/dev/spawn-services.ts';
import { waitUntilReady } from '../../infra/dev/wait-until-ready.ts';
import { startHaproxy } from '../../infra/rig/haproxy.ts';
import { freePort } from '../../infra/rig/ports.ts';
import type { SiteverifyStandIn } from '../../infra/rig/siteverify-stand-in.ts';
import {
  passingCaptchaResponse,
  writeDemoSitesPassingCaptcha,
} from '../support/api/demo-sites-passing-captcha.ts';
import {
  openSipSocketFrom,
  postJsonFrom,
  type OpenedSipSocket,
} from '../support/proxy/forwarded-requests.ts';
import { useRig } from '../support/rig/use-rig.ts';

const origin = 'https://www.acme.example';
// Visitors on loopback addresses of their own; HAProxy reaches the services from 127.0.0.1.
const visitors = ['127.0.0.11', '127.0.0.12', '127.0.0.13'];
const directVisitor = '127.0.0.2';

// A layer-4 load balancer (HAProxy in TCP mode) cannot write X-Forwarded-For: it sends the
// PROXY protocol instead, v2 to the API and v1 to the gateway here. With API_PROXY_PROTOCOL
// and MEDIA_PROXY_PROTOCOL on, the per-address limits and the captcha see each visitor, and
// nobody but the balancer can connect.
describe('the services behind a layer-4 load balancer speaking the PROXY protocol', () => {
  const rig = useRig('proxy-protocol');
  let siteverify: SiteverifyStandIn;
  let apiUrl: string;
  let sipUrl: string;
  let directApiUrl: string;
  let directSipUrl: string;
  const sockets: OpenedSipSocket[] = [];

  beforeAll(async () => {
    const workDir = rig.dir.workDir('services');
    let sitesFile: string;
    ({ sitesFile, siteverify } = await writeDemoSitesPassingCaptcha(workDir, (acme) => {
      acme.limits.sessionsPerIpPerMinute = 2;
    }));
    const [apiPort, gatewayPort, apiFront, gatewayFront] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const api = spawnApi(rig.processes, {
      port: apiPort,
      sitesFile,
      dataDir: join(workDir, 'data'),
      env: { API_TRUSTED_PROXIES: '127.0.0.1/32', API_PROXY_PROTOCOL: 'true' },
    });
    const gateway = spawnGateway(rig.processes, {
      port: gatewayPort,
      // No API: these sockets never start a call.
      apiUrl: `http://127.0.0.1:${await freePort()}`,
      env: {
        MEDIA_TRUSTED_PROXIES: '127.0.0.1',
        MEDIA_PROXY_PROTOCOL: 'true',
        MEDIA_MAX_CONNECTIONS_PER_IP: '2',
        MEDIA_ALLOWED_ORIGINS: origin,
        MEDIA_WS_IDLE_TIMEOUT_MS: '120000',
      },
    });
    await startHaproxy({
      processes: rig.processes,
      workDir: rig.dir.workDir('haproxy'),
      frontends: [
        { name: 'api', port: apiFront, servers: [`127.0.0.1:${apiPort}`], sendProxy: 'v2' },
        {
          name: 'gateway',
          port: gatewayFront,
          servers: [`127.0.0.1:${gatewayPort}`],
          sendProxy: 'v1',
        },
      ],
    });
    apiUrl = `http://127.0.0.1:${apiFront}`;
    sipUrl = `ws://127.0.0.1:${gatewayFront}/sip`;
    directApiUrl = api.url;
    directSipUrl = `ws://127.0.0.1:${gatewayPort}/sip`;
    // Through the balancer: a direct request carries no header and is refused.
    await waitUntilReady(`${apiUrl}/readyz`, 120_000);
    await waitUntilReady(`http://127.0.0.1:${gatewayFront}/healthz`, 120_000);
    expect(gateway.process.hasExited()).toBe(false);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await siteverify?.close();
  });

  const startSession = (localAddress: string, url = apiUrl) =>
    postJsonFrom(
      { localAddress },
      `${url}/v1/sessions`,
      { siteId: 'acme', captchaResponse: passingCaptchaResponse },
      {
        origin,
      },
    );

  it("gives the API each visitor's own address: its own limit, told to the captcha", async () => {
    const start = siteverify.requests.length;
    const statuses = [];
    for (const visitor of visitors) statuses.push(await startSession(visitor));
    expect(statuses).toEqual([201, 201, 201]);
    expect(siteverify.requests.slice(start).map((request) => request.remoteip)).toEqual(visitors);
    // One visitor over its limit of 2 a minute is refused; the others are not.
    expect(await startSession(visitors[0]!)).toBe(201);
    expect(await startSession(visitors[0]!)).toBe(429);
    expect(await startSession(visitors[1]!)).toBe(201);
  });

  it("counts the gateway's per-address cap per visitor", async () => {
    const open = async (localAddress: string, url = sipUrl) => {
      const socket = await openSipSocketFrom({ localAddress }, url, origin);
      sockets.push(socket);
      return socket.status;
    };
    expect([await open(visitors[0]!), await open(visitors[0]!)]).toEqual([101, 101]);
    expect(await open(visitors[0]!)).toBe(429);
    expect([await open(visitors[1]!), await open(visitors[2]!)]).toEqual([101, 101]);
  });

  it('lets nobody but the balancer connect: a direct connection is closed unanswered', async () => {
    await expect(startSession(directVisitor, directApiUrl)).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    // The balancer's own address without a header is refused too: it would name no visitor.
    await expect(startSession('127.0.0.1', directApiUrl)).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    await expect(
      openSipSocketFrom({ localAddress: directVisitor }, directSipUrl, origin),
    ).rejects.toThrow();
  });
});

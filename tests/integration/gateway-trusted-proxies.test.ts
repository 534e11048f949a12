import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway } from '../../infra/dev/spawn-services.ts';
import { waitUntilReady } from '../../infra/dev/wait-until-ready.ts';
import { freePort } from '../../infra/rig/ports.ts';
import {
  openSipSocketFrom,
  type FromAddress,
  type OpenedSipSocket,
} from '../support/proxy/forwarded-requests.ts';
import { useRig } from '../support/rig/use-rig.ts';

const proxy = '127.0.0.1';
// Another loopback address: a visitor reaching the gateway without going through the proxy.
const directVisitor = '127.0.0.2';
const origin = 'https://www.acme.example';

// Behind a reverse proxy every socket comes from the proxy: the per-address cap must count
// the visitor the proxy names, and only a trusted proxy may name one.
describe('the gateway behind a trusted proxy', () => {
  const rig = useRig('gateway-trusted-proxies');
  const open: OpenedSipSocket[] = [];
  let sipUrl: string;
  let logPath: string;

  const connect = async (from: FromAddress) => {
    const socket = await openSipSocketFrom(from, sipUrl, origin);
    open.push(socket);
    return socket.status;
  };
  const viaProxy = (forwardedFor: string): FromAddress => ({ localAddress: proxy, forwardedFor });

  beforeAll(async () => {
    const port = await freePort();
    const gateway = spawnGateway(rig.processes, {
      port,
      // No API: these sockets never start a call, so no token is ever verified.
      apiUrl: `http://127.0.0.1:${await freePort()}`,
      env: {
        MEDIA_TRUSTED_PROXIES: proxy,
        MEDIA_MAX_CONNECTIONS_PER_IP: '2',
        MEDIA_ALLOWED_ORIGINS: origin,
        MEDIA_WS_IDLE_TIMEOUT_MS: '120000',
      },
    });
    sipUrl = `ws://127.0.0.1:${port}/sip`;
    logPath = gateway.process.logPath;
    // The gateway's readiness includes its SIP trunk, which this test has none of.
    await waitUntilReady(`${gateway.url}/healthz`, 120_000);
  });
  afterAll(() => {
    for (const socket of open) socket.close();
  });

  it('serves more visitors through one proxy than one address may open', async () => {
    const statuses = [];
    for (const visitor of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      statuses.push(await connect(viaProxy(visitor)));
    expect(statuses).toEqual([101, 101, 101]);
  });

  it('refuses one visitor going over its own limit, forged hops or not, and logs no address', async () => {
    const visitor = '203.0.113.10';
    expect([await connect(viaProxy(visitor)), await connect(viaProxy(visitor))]).toEqual([
      101, 101,
    ]);
    // What the visitor wrote is left of what the proxy appended: it changes nothing.
    expect(await connect(viaProxy(`198.51.100.9, ${visitor}`))).toBe(429);
    expect(await connect(viaProxy(visitor))).toBe(429);
    // Others behind the same proxy are still served.
    expect(await connect(viaProxy('203.0.113.11'))).toBe(101);

    // The operator sees the refusal came through a proxy, never whose it was.
    await expect
      .poll(() => readFileSync(logPath, 'utf8'))
      .toMatch(/"viaProxy":true.*too many connections from one address/);
    expect(readFileSync(logPath, 'utf8')).not.toMatch(/203\.0\.113\.|198\.51\.100\./);
  });

  it('counts a visitor that is not a trusted proxy by its own address, whatever it forwards', async () => {
    const statuses = [];
    for (const forged of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
      statuses.push(await connect({ localAddress: directVisitor, forwardedFor: forged }));
    expect(statuses).toEqual([101, 101, 429]);
  });
});

import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { trustedProxies } from '../../../../protocol/client-address/trusted-proxies.ts';
import { sipLoggerFactory, type ServiceLogger } from '../core/sip-logger.ts';
import { unlimitedFlood } from '../../../../tests/support/sip/ws-sip-test-server.ts';
import { startWsSipServer } from './ws-sip-server.ts';

const quiet: ServiceLogger = { info() {}, warn() {}, error() {}, debug() {} };

// The SIP WebSocket's keep-alives, with real sockets: the gateway pings each browser (what
// keeps proxies from closing a quiet call's socket and finds browsers that are gone), and
// answers a client's own double-CRLF keep-alive.
describe('the SIP WebSocket keep-alives', () => {
  let server: Server;
  let close = () => {};
  afterEach(async () => {
    close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const start = async (pingIntervalMs: number) => {
    server = createServer();
    const ws = startWsSipServer({
      server,
      path: '/sip',
      allowedOrigins: [],
      maxConnectionsPerIp: 10,
      maxConnections: 100,
      floodLimits: unlimitedFlood,
      trustedProxies: trustedProxies([]),
      // Long: only the heartbeat may close a socket here.
      idleTimeoutMs: 600_000,
      pingIntervalMs,
      logger: quiet,
      loggerFactory: sipLoggerFactory(quiet),
      onInvite: () => {},
    });
    close = () => ws.close();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { ws, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/sip` };
  };
  const connect = async (url: string, options: { autoPong?: boolean } = {}) => {
    const client = new WebSocket(url, 'sip', options);
    await once(client, 'open');
    return client;
  };

  it('pings a connected browser, which stays connected while it answers', async () => {
    const { ws, url } = await start(100);
    const client = await connect(url);
    let pings = 0;
    await new Promise<void>((resolve) =>
      client.on('ping', () => {
        pings += 1;
        if (pings === 3) resolve();
      }),
    );
    expect(client.readyState).toBe(WebSocket.OPEN);
    expect(ws.connections).toBe(1);
    client.close();
  });

  it('closes a socket whose browser no longer answers pings, freeing its slot', async () => {
    const { ws, url } = await start(100);
    const gone = await connect(url, { autoPong: false });
    let pinged = false;
    gone.on('ping', () => (pinged = true));
    await once(gone, 'close');
    expect(pinged).toBe(true);
    await expect.poll(() => ws.connections).toBe(0);
  });

  it("answers a client's double-CRLF keep-alive with one CRLF", async () => {
    const { url } = await start(60_000);
    const client = await connect(url);
    const answer = once(client, 'message');
    client.send('\r\n\r\n');
    const [data] = (await answer) as [Buffer];
    expect(data.toString()).toBe('\r\n');
    client.close();
  });
});

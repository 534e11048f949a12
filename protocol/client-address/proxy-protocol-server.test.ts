import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptProxyProtocol } from './proxy-protocol-server.ts';
import { trustedProxies } from './trusted-proxies.ts';

// An HTTP server taking the PROXY protocol, with real sockets on loopback (this test's
// "load balancer" is 127.0.0.1, which it trusts).
describe('acceptProxyProtocol', () => {
  let server: Server;
  const refused: string[] = [];
  afterEach(async () => {
    refused.length = 0;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const start = async (headerTimeoutMs = 5000) => {
    server = createServer((req, res) => res.end(`${req.socket.remoteAddress} ${req.url}`));
    acceptProxyProtocol(server, {
      proxies: trustedProxies(['127.0.0.1/32']),
      headerTimeoutMs,
      onRefused: (reason) => refused.push(reason),
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  };
  /** Writes `pieces` one by one (each once the previous is flushed); resolves with all it read. */
  const exchange = async (port: number, pieces: string[]) => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    for (const piece of pieces) await new Promise((resolve) => socket.write(piece, resolve));
    await once(socket, 'close');
    return answer;
  };

  it('takes a header that arrives in pieces, and the requests after it on the same connection', async () => {
    const port = await start();
    const answer = await exchange(port, [
      'PROXY TCP4 203.0',
      '.113.7 10.0.0.1 40000 443\r\nGET /one HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ]);
    expect(answer).toContain('203.0.113.7 /one');
    expect(answer).toContain('203.0.113.7 /two');
  });

  it('closes a connection whose header does not come in time', async () => {
    const port = await start(200);
    expect(await exchange(port, [])).toBe('');
    expect(refused).toEqual(['no PROXY header in time']);
  });
});

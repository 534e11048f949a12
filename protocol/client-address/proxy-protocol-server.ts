import type { Server, Socket } from 'node:net';
import { canonicalIp } from './ip-address.ts';
import { readProxyHeader } from './proxy-protocol-header.ts';
import type { TrustedProxies } from './trusted-proxies.ts';

export interface ProxyProtocolOptions {
  /** Who may connect and send a header: the load balancers, nobody else. */
  proxies: TrustedProxies;
  /** A connection whose header has not arrived within this time is closed. */
  headerTimeoutMs?: number;
  /** Told of each connection refused (not from a proxy, no or a bad header), for the logs. */
  onRefused(reason: string): void;
}

/**
 * Makes `server` (an HTTP server, already created) take HAProxy's PROXY protocol, v1 or v2:
 * each connection must come from one of `proxies` and start with a header naming the client,
 * who then stands as the socket's `remoteAddress` for everything above (per-address limits,
 * the captcha's remoteip, X-Forwarded-For's walk). For a layer-4 load balancer in front,
 * which cannot add X-Forwarded-For. Call it right after the server is created or listening,
 * in the same tick, before a connection can arrive.
 */
export function acceptProxyProtocol(server: Server, options: ProxyProtocolOptions): void {
  const { proxies, headerTimeoutMs = 5000, onRefused } = options;
  // The server's own handlers (HTTP's parser) get each socket once its header is read.
  const handlers = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const refuse = (reason: string) => {
      onRefused(reason);
      socket.destroy();
    };
    const peer = canonicalIp(socket.remoteAddress ?? '');
    if (peer === undefined || !proxies.includes(peer)) return refuse('peer is not a trusted proxy');
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => refuse('no PROXY header in time'), headerTimeoutMs);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const header = readProxyHeader(received);
      if (header.kind === 'incomplete') return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (header.kind === 'invalid') return refuse(header.reason);
      socket.pause();
      if (header.source !== undefined) {
        // The client, as every reader of the peer address sees it (a proxy's own health
        // checks keep the proxy's address).
        Object.defineProperty(socket, 'remoteAddress', { value: header.source });
      }
      const rest = received.subarray(header.length);
      if (rest.length > 0) socket.unshift(rest);
      for (const handler of handlers) handler.call(server, socket);
      socket.resume();
    };
    const onClose = () => clearTimeout(timer);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

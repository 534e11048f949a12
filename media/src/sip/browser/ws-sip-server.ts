import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Core } from 'sip.js';
import { WebSocketServer } from 'ws';
import { addressPseudonymizer } from '../../../../protocol/client-address/address-pseudonym.ts';
import { clientAddress } from '../../../../protocol/client-address/client-address.ts';
import { canonicalIp } from '../../../../protocol/client-address/ip-address.ts';
import type { TrustedProxies } from '../../../../protocol/client-address/trusted-proxies.ts';
import { maxSipMessageBytes } from '../core/incoming-message.ts';
import type { ServiceLogger } from '../core/sip-logger.ts';
import { acceptBrowserConnection, type BrowserConnection } from './browser-connection.ts';
import { startWsHeartbeat } from './ws-heartbeat.ts';

export interface WsSipServerOptions {
  /** The HTTP server whose upgrade requests on `path` become SIP WebSockets. */
  server: Server;
  path: string;
  /** Origins whose pages may open the socket (the widget's); empty: any origin. */
  allowedOrigins: readonly string[];
  /** Most simultaneous connections per client IP (abuse control). */
  maxConnectionsPerIp: number;
  /** Reverse proxies whose X-Forwarded-For names the client IP the limit counts. */
  trustedProxies: TrustedProxies;
  idleTimeoutMs: number;
  /** How often each socket is pinged; one that misses a ping is closed (ws-heartbeat.ts). */
  pingIntervalMs: number;
  logger: ServiceLogger;
  loggerFactory: Core.LoggerFactory;
  onInvite(request: Core.IncomingInviteRequest, connection: BrowserConnection): void;
}

/** The one text every refused browser INVITE is logged under, for alerts to match. */
export const inviteRefusedLog = 'browser INVITE refused';

/** The SIP-over-WebSocket endpoint browsers call (RFC 7118 `sip` subprotocol). */
export function startWsSipServer(options: WsSipServerOptions): {
  close(): void;
  readonly connections: number;
} {
  const perIp = new Map<string, number>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxSipMessageBytes,
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  const heartbeat = startWsHeartbeat(options.pingIntervalMs);
  // Logs name a client by this label only (address-pseudonym.ts): never its address.
  const pseudonym = addressPseudonymizer();

  const refuse = (socket: Duplex, status: number, reason: string) => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (url.pathname !== options.path) return refuse(socket, 404, 'Not Found');
    const origin = request.headers.origin ?? '';
    if (options.allowedOrigins.length > 0 && !options.allowedOrigins.includes(origin)) {
      options.logger.warn({ origin }, 'sip websocket refused: origin not allowed');
      return refuse(socket, 403, 'Forbidden');
    }
    const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!protocols.includes('sip')) return refuse(socket, 400, 'Bad Request');
    const peer = request.socket.remoteAddress;
    const ip =
      clientAddress(
        { peer, forwardedFor: request.headers['x-forwarded-for'] },
        options.trustedProxies,
      ) ?? 'unknown';
    if ((perIp.get(ip) ?? 0) >= options.maxConnectionsPerIp) {
      // No address in the log (see protocol/log-redaction.ts); whether it came through a
      // proxy tells an operator whether MEDIA_TRUSTED_PROXIES is in effect.
      options.logger.warn(
        {
          client: pseudonym(ip),
          limit: options.maxConnectionsPerIp,
          viaProxy: ip !== canonicalIp(peer ?? ''),
        },
        'sip websocket refused: too many connections from one address',
      );
      return refuse(socket, 429, 'Too Many Requests');
    }

    const client = pseudonym(ip);
    wss.handleUpgrade(request, socket, head, (ws) => {
      perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
      heartbeat.watch(ws);
      const connection = acceptBrowserConnection({
        socket: ws,
        loggerFactory: options.loggerFactory,
        idleTimeoutMs: options.idleTimeoutMs,
        onInvite: (invite, conn) => options.onInvite(invite, conn),
        onDropped: (verdict) =>
          options.logger.debug({ client, verdict }, 'dropped a SIP frame from a browser'),
        // A refused INVITE is what an attack on the gateway looks like (guessed tokens, junk
        // offers): each one a warning, with the client's label to follow it by.
        onRefused: ({ method, status, reason }) =>
          method === 'INVITE'
            ? options.logger.warn({ client, sipStatus: status, reason }, inviteRefusedLog)
            : options.logger.debug(
                { client, method, sipStatus: status, reason },
                'browser SIP request refused',
              ),
      });
      connection.onClose(() => {
        const left = (perIp.get(ip) ?? 1) - 1;
        if (left > 0) perIp.set(ip, left);
        else perIp.delete(ip);
      });
    });
  };
  options.server.on('upgrade', onUpgrade);
  return {
    close() {
      options.server.off('upgrade', onUpgrade);
      heartbeat.stop();
      for (const client of wss.clients) client.close(1001, 'gateway stopping');
      wss.close();
    },
    get connections() {
      return wss.clients.size;
    },
  };
}

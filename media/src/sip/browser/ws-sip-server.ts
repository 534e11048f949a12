import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Core } from 'sip.js';
import { WebSocketServer } from 'ws';
import { addressPseudonymizer } from '../../../../protocol/client-address/address-pseudonym.ts';
import { addressBlock } from '../../../../protocol/client-address/address-block.ts';
import { clientAddress } from '../../../../protocol/client-address/client-address.ts';
import { canonicalIp } from '../../../../protocol/client-address/ip-address.ts';
import type { TrustedProxies } from '../../../../protocol/client-address/trusted-proxies.ts';
import { maxSipMessageBytes } from '../core/incoming-message.ts';
import type { ServiceLogger } from '../core/sip-logger.ts';
import {
  addressRateLimiter,
  type AddressRateLimiterOptions,
  type CountedEvent,
} from './address-rate-limiter.ts';
import { acceptBrowserConnection, type BrowserConnection } from './browser-connection.ts';
import { countsAgainstCaller } from './refusal-blame.ts';
import { startWsHeartbeat } from './ws-heartbeat.ts';

export interface WsSipServerOptions {
  /** The HTTP server whose upgrade requests on `path` become SIP WebSockets. */
  server: Server;
  path: string;
  /** Origins whose pages may open the socket (the widget's); empty: any origin. */
  allowedOrigins: readonly string[];
  /** Most simultaneous connections per client IP (abuse control). */
  maxConnectionsPerIp: number;
  /** Most simultaneous connections on the whole gateway; beyond it upgrades get 503. */
  maxConnections: number;
  /** Per-address rates and the ban for going over one (address-rate-limiter.ts). */
  floodLimits: Omit<AddressRateLimiterOptions, 'now'>;
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
/** Logged once when an address goes over a flood limit and is banned. */
export const addressBannedLog = 'sip websocket address banned: over a flood limit';

/** Seconds a browser refused for the global cap is told to wait (the widget's retry). */
const fullRetryAfterS = 10;

/** The SIP-over-WebSocket endpoint browsers call (RFC 7118 `sip` subprotocol). */
export function startWsSipServer(options: WsSipServerOptions): {
  close(): void;
  readonly connections: number;
} {
  // The open connections of each client address (IPv6: /64): counted for its cap, closed on
  // its ban.
  const byAddress = new Map<string, Set<BrowserConnection>>();
  const limiter = addressRateLimiter(options.floodLimits);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxSipMessageBytes,
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  const heartbeat = startWsHeartbeat(options.pingIntervalMs);
  // Logs name a client by this label only (address-pseudonym.ts): never its address.
  const pseudonym = addressPseudonymizer();

  const refuse = (socket: Duplex, status: number, reason: string, retryAfterS?: number) => {
    const retry = retryAfterS === undefined ? '' : `Retry-After: ${retryAfterS}\r\n`;
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n${retry}Connection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  };
  const retryAfterS = (block: string) => Math.ceil(limiter.banLeftMs(block) / 1000);
  /** Counts one event from `block`; true while it is banned (its sockets closed the first time). */
  const overLimit = (block: string, event: CountedEvent): boolean => {
    const verdict = limiter.count(block, event);
    if (verdict === 'banned-now') {
      options.logger.warn(
        { client: pseudonym(block), over: event, banMs: options.floodLimits.banMs },
        addressBannedLog,
      );
      for (const connection of byAddress.get(block) ?? []) {
        connection.close(1008, 'too many requests');
      }
    }
    return verdict !== 'allowed';
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (url.pathname !== options.path) return refuse(socket, 404, 'Not Found');
    const peer = request.socket.remoteAddress;
    const ip =
      clientAddress(
        { peer, forwardedFor: request.headers['x-forwarded-for'] },
        options.trustedProxies,
      ) ?? 'unknown';
    const client = pseudonym(ip);
    // Limits count an IPv6 client by its /64 (address-block.ts), an IPv4 one by its address.
    const block = addressBlock(ip);
    // Every attempt counts, refused or not: each one costs the gateway.
    if (overLimit(block, 'connection')) {
      options.logger.debug({ client }, 'sip websocket refused: address banned');
      return refuse(socket, 429, 'Too Many Requests', retryAfterS(block));
    }
    const origin = request.headers.origin ?? '';
    if (options.allowedOrigins.length > 0 && !options.allowedOrigins.includes(origin)) {
      options.logger.warn({ origin }, 'sip websocket refused: origin not allowed');
      return refuse(socket, 403, 'Forbidden');
    }
    const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!protocols.includes('sip')) return refuse(socket, 400, 'Bad Request');
    if (wss.clients.size >= options.maxConnections) {
      options.logger.warn(
        { client, limit: options.maxConnections },
        'sip websocket refused: the gateway holds its most connections',
      );
      return refuse(socket, 503, 'Service Unavailable', fullRetryAfterS);
    }
    if ((byAddress.get(block)?.size ?? 0) >= options.maxConnectionsPerIp) {
      // No address in the log (see protocol/log-redaction.ts); whether it came through a
      // proxy tells an operator whether MEDIA_TRUSTED_PROXIES is in effect.
      options.logger.warn(
        {
          client,
          limit: options.maxConnectionsPerIp,
          viaProxy: ip !== canonicalIp(peer ?? ''),
        },
        'sip websocket refused: too many connections from one address',
      );
      return refuse(socket, 429, 'Too Many Requests');
    }

    wss.handleUpgrade(request, socket, head, (ws) => {
      heartbeat.watch(ws);
      const connection = acceptBrowserConnection({
        socket: ws,
        loggerFactory: options.loggerFactory,
        idleTimeoutMs: options.idleTimeoutMs,
        onInvite: (invite, conn) => options.onInvite(invite, conn),
        onFrame: () => void overLimit(block, 'request'),
        onDropped: (verdict) =>
          options.logger.debug({ client, verdict }, 'dropped a SIP frame from a browser'),
        // A refused INVITE is what an attack on the gateway looks like (guessed tokens, junk
        // offers): each one a warning, with the client's label to follow it by.
        onRefused: ({ method, status, reason }) => {
          if (method !== 'INVITE') {
            return options.logger.debug(
              { client, method, sipStatus: status, reason },
              'browser SIP request refused',
            );
          }
          options.logger.warn({ client, sipStatus: status, reason }, inviteRefusedLog);
          if (countsAgainstCaller(status)) overLimit(block, 'refusedInvite');
        },
      });
      const mine = byAddress.get(block) ?? new Set();
      byAddress.set(block, mine.add(connection));
      connection.onClose(() => {
        mine.delete(connection);
        if (mine.size === 0 && byAddress.get(block) === mine) byAddress.delete(block);
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

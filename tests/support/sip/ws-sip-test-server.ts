import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Core } from 'sip.js';
import { trustedProxies } from '../../../protocol/client-address/trusted-proxies.ts';
import type { BrowserConnection } from '../../../media/src/sip/browser/browser-connection.ts';
import {
  startWsSipServer,
  type WsSipServerOptions,
} from '../../../media/src/sip/browser/ws-sip-server.ts';
import { sipLoggerFactory, type ServiceLogger } from '../../../media/src/sip/core/sip-logger.ts';

export interface LoggedLine {
  level: 'info' | 'warn' | 'error' | 'debug';
  details: Record<string, unknown>;
  message: string | undefined;
}

/** A service logger that keeps every line, for tests that read what an operator would. */
export function recordingLogger(): ServiceLogger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const at = (level: LoggedLine['level']) => (details: object, message?: string) =>
    void lines.push({ level, details: details as Record<string, unknown>, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

const unlimited = { limit: 1_000_000, windowMs: 1000 };
/** Flood limits no test reaches, for tests about something else. */
export const unlimitedFlood = {
  limits: { connection: unlimited, request: unlimited, refusedInvite: unlimited },
  banMs: 1000,
};

/**
 * The gateway's real SIP WebSocket endpoint on an ephemeral loopback port, with `onInvite`
 * standing in for the call admission; its own sip.js lines stay out of `logger`.
 */
export async function startTestWsSipServer(options: {
  onInvite(request: Core.IncomingInviteRequest, connection: BrowserConnection): void;
  logger: ServiceLogger;
  /** The limits, timeouts and proxies a test is about; the others stay out of its way. */
  settings?: Partial<
    Pick<
      WsSipServerOptions,
      | 'maxConnectionsPerIp'
      | 'maxConnections'
      | 'floodLimits'
      | 'idleTimeoutMs'
      | 'pingIntervalMs'
      | 'trustedProxies'
    >
  >;
}): Promise<{ url: string; port: number; readonly connections: number; close(): Promise<void> }> {
  const server = createServer();
  const quiet: ServiceLogger = { info() {}, warn() {}, error() {}, debug() {} };
  const ws = startWsSipServer({
    server,
    path: '/sip',
    allowedOrigins: [],
    // Tests open many sockets from one address, one after another: no limit gets in the way.
    maxConnectionsPerIp: 1000,
    maxConnections: 1000,
    floodLimits: unlimitedFlood,
    trustedProxies: trustedProxies([]),
    idleTimeoutMs: 600_000,
    pingIntervalMs: 600_000,
    logger: options.logger,
    loggerFactory: sipLoggerFactory(quiet),
    onInvite: options.onInvite,
    ...options.settings,
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/sip`,
    port,
    get connections() {
      return ws.connections;
    },
    async close() {
      ws.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

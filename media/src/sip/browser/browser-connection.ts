import type { Core } from 'sip.js';
import type { WebSocket } from 'ws';
import { deliverIncomingMessage, type IncomingMessageVerdict } from '../core/incoming-message.ts';
import { userAgentCoreFor } from '../core/user-agent-core-for.ts';

export interface BrowserConnectionOptions {
  socket: WebSocket;
  loggerFactory: Core.LoggerFactory;
  /** A browser INVITE, with the connection it came on (one call per connection). */
  onInvite(request: Core.IncomingInviteRequest, connection: BrowserConnection): void;
  /** Told of every frame dropped as garbage, for logs and metrics. */
  onDropped(verdict: Exclude<IncomingMessageVerdict, 'delivered'>): void;
  /** Closes a connection that sends no INVITE within this time. */
  idleTimeoutMs: number;
}

export interface BrowserConnection {
  readonly closed: boolean;
  /** Called once when the WebSocket closes, from either side. */
  onClose(listener: () => void): void;
  close(code?: number, reason?: string): void;
}

/**
 * One browser's SIP-over-WebSocket connection (RFC 7118): text frames carry whole SIP
 * messages, and a sip.js UserAgentCore of its own keeps the transactions and the dialog.
 */
export function acceptBrowserConnection(options: BrowserConnectionOptions): BrowserConnection {
  const { socket } = options;
  const closeListeners: (() => void)[] = [];
  let closed = false;
  const transport: Core.Transport = {
    protocol: 'WSS',
    send: (message) =>
      new Promise((resolve, reject) => {
        if (socket.readyState !== socket.OPEN) return reject(new Error('WebSocket closed'));
        socket.send(message, (error) => (error ? reject(error) : resolve()));
      }),
  };
  const connection: BrowserConnection = {
    get closed() {
      return closed;
    },
    onClose: (listener) => closeListeners.push(listener),
    close: (code = 1000, reason = '') => socket.close(code, reason),
  };
  let idle: NodeJS.Timeout | undefined = setTimeout(
    () => socket.close(1008, 'no call started'),
    options.idleTimeoutMs,
  );
  const { core, viaHost } = userAgentCoreFor({
    aor: 'sip:gateway@click-to-call.invalid',
    transport,
    loggerFactory: options.loggerFactory,
    contactParams: { transport: 'ws' },
    delegate: {
      onInvite: (request) => {
        clearTimeout(idle);
        idle = undefined;
        options.onInvite(request, connection);
      },
    },
  });

  socket.on('message', (data, isBinary) => {
    // RFC 7118 allows binary frames too, but browsers send text; either way it is UTF-8 SIP.
    const raw = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
    const verdict = deliverIncomingMessage(core, raw, {
      loggerFactory: options.loggerFactory,
      viaHost,
    });
    if (verdict !== 'delivered') options.onDropped(verdict);
  });
  socket.on('error', () => socket.terminate());
  socket.once('close', () => {
    closed = true;
    clearTimeout(idle);
    for (const listener of closeListeners.splice(0)) listener();
    core.dispose();
  });
  return connection;
}

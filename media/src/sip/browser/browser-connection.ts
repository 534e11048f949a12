import type { Core } from 'sip.js';
import type { WebSocket } from 'ws';
import { isResponse, parseIncomingSip } from '../core/incoming-message.ts';
import { userAgentCoreFor } from '../core/user-agent-core-for.ts';

export interface BrowserConnectionOptions {
  socket: WebSocket;
  loggerFactory: Core.LoggerFactory;
  /** A browser INVITE, with the connection it came on (one call per connection). */
  onInvite(request: Core.IncomingInviteRequest, connection: BrowserConnection): void;
  /** Told of every frame dropped as garbage, for logs and metrics. */
  onDropped(reason: string): void;
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

  const parserLogger = options.loggerFactory.getLogger('browser.parser');
  socket.on('message', (data, isBinary) => {
    // RFC 7118 allows binary frames too, but browsers send text; either way it is UTF-8 SIP.
    const raw = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
    // A client's keep-alive (RFC 5626 4.4.1: a double CRLF, answered with one CRLF), as
    // JsSIP and sip.js send when configured: not SIP, and not garbage either.
    if (raw === '\r\n\r\n') {
      if (socket.readyState === socket.OPEN) socket.send('\r\n');
      return;
    }
    const parsed = parseIncomingSip(raw, parserLogger);
    if (!parsed.ok) return options.onDropped(parsed.reason);
    const message = parsed.message;
    try {
      if (!isResponse(message)) core.receiveIncomingRequestFromTransport(message);
      // A response is ours only if its single Via is ours (RFC 3261 8.1.3.3).
      else if (message.getHeaders('via').length === 1 && message.via.host === viaHost) {
        core.receiveIncomingResponseFromTransport(message);
      } else options.onDropped('response not sent by us');
    } catch (error) {
      // sip.js throws on a few inputs it did not expect; one bad frame must not end the gateway.
      options.onDropped(`core refused message: ${(error as Error).message}`);
    }
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

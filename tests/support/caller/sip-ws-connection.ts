import { Core } from 'sip.js';
import WebSocket from 'ws';

export type SipMessage = Core.IncomingRequestMessage | Core.IncomingResponseMessage;

/** One SIP-over-WebSocket connection (RFC 7118, subprotocol `sip`), as a browser opens it. */
export interface SipWsConnection {
  send(text: string): void;
  /** Sends a raw frame (garbage, binary) that is not SIP at all. */
  sendRaw(data: string | Buffer): void;
  onMessage(listener: (message: SipMessage) => void): void;
  /** Settles with the close code once the socket closed, from either side. */
  readonly closed: Promise<number>;
  readonly isOpen: boolean;
  close(): void;
}

const loggerFactory = new Core.LoggerFactory();
loggerFactory.builtinEnabled = false;
const parserLogger = loggerFactory.getLogger('caller.parser');

export async function openSipWs(
  url: string,
  origin = 'https://www.acme.example',
  /** Extra upgrade headers, e.g. the X-Forwarded-For a trusted proxy would add. */
  headers: Record<string, string> = {},
): Promise<SipWsConnection> {
  const socket = new WebSocket(url, 'sip', { origin, headers });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`gateway refused the WebSocket: HTTP ${response.statusCode}`)),
    );
  });
  const listeners: ((message: SipMessage) => void)[] = [];
  socket.on('message', (data) => {
    const message = Core.Parser.parseMessage(data.toString(), parserLogger);
    // Reported, not thrown: an exception in a socket listener would kill the test process.
    if (!message) return void process.stderr.write(`[caller] unparsable SIP: ${data.toString()}\n`);
    for (const listener of listeners) listener(message);
  });
  // A reset after the gateway closed must not crash the test process.
  socket.on('error', () => socket.terminate());
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  return {
    send: (text) => socket.send(text),
    sendRaw: (data) => socket.send(data),
    onMessage: (listener) => listeners.push(listener),
    closed,
    get isOpen() {
      return socket.readyState === WebSocket.OPEN;
    },
    close: () => socket.close(1000),
  };
}

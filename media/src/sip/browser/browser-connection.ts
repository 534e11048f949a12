import { Core } from 'sip.js';
import type { WebSocket } from 'ws';
import { isResponse, parseIncomingSip, type SipRequestRefusal } from '../core/incoming-message.ts';
import type { RequestPolicy } from '../core/request-verdict.ts';
import { isStrayAck } from '../core/stray-ack.ts';
import { userAgentCoreFor } from '../core/user-agent-core-for.ts';

export interface BrowserConnectionOptions {
  socket: WebSocket;
  loggerFactory: Core.LoggerFactory;
  /** A browser INVITE, with the connection it came on (one call per connection). */
  onInvite(request: Core.IncomingInviteRequest, connection: BrowserConnection): void;
  /** Told of every frame dropped as garbage, for logs and metrics. */
  onDropped(reason: string): void;
  /**
   * Told of every request refused: before the core (request-verdict.ts), and the INVITEs the
   * call refuses itself (a bad token, no common codec, a drain), through `inviteRefused`.
   */
  onRefused(refusal: Omit<SipRequestRefusal, 'response'>): void;
  /**
   * Told of every frame before it is read, to count it; a frame that finds the socket closed
   * afterwards (the address was just banned) is not read.
   */
  onFrame(): void;
  /** Closes the connection when it has had no call in progress for this time (or up to twice). */
  idleTimeoutMs: number;
}

/** Answers an in-dialog UPDATE; undefined when it is not this dialog's (then 481). */
export type UpdateAnswerer = (
  update: Core.IncomingRequestMessage,
) => Core.ResponseOptions | undefined;

export interface BrowserConnection {
  readonly closed: boolean;
  /** Called once when the WebSocket closes, from either side. */
  onClose(listener: () => void): void;
  /** Takes the browser's UPDATEs (RFC 3311, e.g. session refreshes), which sip.js's core lacks. */
  onUpdate(answer: UpdateAnswerer): void;
  /** The call refused the INVITE with `status`: reported (and logged) as any other refusal. */
  inviteRefused(status: number, reason: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * What a browser may send: a call (INVITE and what goes with it), its DTMF (INFO), session
 * refreshes (UPDATE), and OPTIONS. The rest (REGISTER, SUBSCRIBE, MESSAGE...) gets 405.
 */
const browserRequests: RequestPolicy = {
  allowedMethods: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'INFO', 'OPTIONS', 'UPDATE'],
  // RFC 4028: refreshes are answered (sip-browser-leg.ts), so a client may require them.
  supportedOptionTags: ['timer'],
  sdpMethods: ['INVITE', 'UPDATE'],
  requestUriUser: 'gateway',
};

/** How long a closing socket may take to answer our close frame. */
const closeGraceMs = 5000;

/**
 * One browser's SIP-over-WebSocket connection (RFC 7118): text frames carry whole SIP
 * messages, and a sip.js UserAgentCore of its own keeps the transactions and the dialog.
 */
export function acceptBrowserConnection(options: BrowserConnectionOptions): BrowserConnection {
  const { socket } = options;
  const closeListeners: (() => void)[] = [];
  let closed = false;
  let answerUpdate: UpdateAnswerer | undefined;
  const send = (message: string) =>
    new Promise<void>((resolve, reject) => {
      if (socket.readyState !== socket.OPEN) return reject(new Error('WebSocket closed'));
      socket.send(message, (error) => (error ? reject(error) : resolve()));
    });
  const transport: Core.Transport = { protocol: 'WSS', send };
  // A peer that does not answer our close frame (one stuck in a frame it never finishes) is
  // cut after this, not after ws's own 30 s.
  const closeSoon = (code: number, reason: string) => {
    socket.close(code, reason);
    setTimeout(() => socket.terminate(), Math.min(closeGraceMs, options.idleTimeoutMs)).unref();
  };
  const connection: BrowserConnection = {
    get closed() {
      return closed;
    },
    onClose: (listener) => closeListeners.push(listener),
    onUpdate: (answer) => (answerUpdate = answer),
    inviteRefused: (status, reason) => options.onRefused({ method: 'INVITE', status, reason }),
    close: (code = 1000, reason = '') => closeSoon(code, reason),
  };
  const { core, viaHost } = userAgentCoreFor({
    aor: `sip:${browserRequests.requestUriUser}@click-to-call.invalid`,
    transport,
    loggerFactory: options.loggerFactory,
    contactParams: { transport: 'ws' },
    delegate: { onInvite: (request) => options.onInvite(request, connection) },
  });
  // Whether a call is in progress is read from sip.js's own state, not from what arrived: an
  // INVITE not answered yet, or a dialog. A refused INVITE, any other request, or a frame
  // that never ends (slow-loris) keeps no socket open.
  const callInProgress = () =>
    core.dialogs.size > 0 ||
    [...core.userAgentServers.values()].some(
      ({ transaction }) =>
        transaction.request.method === 'INVITE' &&
        transaction.state === Core.TransactionState.Proceeding,
    );
  // Runs on the connection from its start, whatever it receives; a busy socket is looked at
  // again one period later, so one closes at most two periods after its call ended.
  const watchIdle = (): NodeJS.Timeout =>
    setTimeout(() => {
      if (callInProgress()) idle = watchIdle();
      else closeSoon(1008, 'no call in progress');
    }, options.idleTimeoutMs);
  let idle = watchIdle();

  const receiveRequest = (message: Core.IncomingRequestMessage) => {
    if (isStrayAck(core, message)) return;
    if (message.method !== 'UPDATE') return core.receiveIncomingRequestFromTransport(message);
    // Stateless, as the trunk's: over a WebSocket no retransmission comes to match.
    const answer = (message.toTag ? answerUpdate?.(message) : undefined) ?? { statusCode: 481 };
    if (answer.statusCode >= 300) return void core.replyStateless(message, answer);
    // UPDATE is a target refresh (RFC 3311 5.2): its 2xx names our Contact.
    const contact = `Contact: ${core.configuration.contact.toString()}`;
    core.replyStateless(message, {
      ...answer,
      extraHeaders: [contact, ...(answer.extraHeaders ?? [])],
    });
  };
  const parserLogger = options.loggerFactory.getLogger('browser.parser');
  const connectionLogger = options.loggerFactory.getLogger('browser.connection');
  socket.on('message', (data, isBinary) => {
    // ws still hands over frames that came in with the one that got the socket closed.
    if (socket.readyState !== socket.OPEN) return;
    options.onFrame();
    if (socket.readyState !== socket.OPEN) return;
    // RFC 7118 allows binary frames too, but browsers send text; either way it is UTF-8 SIP.
    const raw = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
    // A client's keep-alive (RFC 5626 4.4.1: a double CRLF, answered with one CRLF), as
    // JsSIP and sip.js send when configured: not SIP, and not garbage either.
    if (raw === '\r\n\r\n') {
      if (socket.readyState === socket.OPEN) socket.send('\r\n');
      return;
    }
    // The parse and the verdict too: a throw anywhere here would leave the socket's listener,
    // and one bad frame must not end the gateway.
    try {
      const parsed = parseIncomingSip(raw, parserLogger, browserRequests);
      if (!parsed.ok && parsed.refusal) {
        const { response, ...refusal } = parsed.refusal;
        send(response).catch(() => undefined); // the socket is closing: nothing to tell
        return options.onRefused(refusal);
      }
      if (!parsed.ok) return options.onDropped(parsed.reason);
      const message = parsed.message;
      if (!isResponse(message)) receiveRequest(message);
      // A response is ours only if its single Via is ours (RFC 3261 8.1.3.3).
      else if (message.getHeaders('via').length === 1 && message.via.host === viaHost) {
        core.receiveIncomingResponseFromTransport(message);
      } else options.onDropped('response not sent by us');
    } catch (error) {
      // sip.js throws on a few inputs it did not expect, and a throw of ours is a bug: an
      // error line, so an operator sees it, and the frame goes unanswered.
      const thrown = (error as Error).message;
      connectionLogger.error(`a SIP frame from a browser threw; dropped: ${thrown}`);
      options.onDropped(`threw on message: ${thrown}`);
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

import type { Socket } from 'node:net';
import { TransportError } from 'sip.js/lib/core/index.js';
import { StreamFramer } from './stream-framer.ts';
import { TrunkUnreachableError } from './trunk-errors.ts';
import type { LocalAddress, TrunkTransport, TrunkTransportOptions } from './trunk-transport.ts';

/** Opens one connection to the trunk, resolving once it can carry SIP (TCP: connected; TLS: verified). */
export type DialTrunk = (options: TrunkTransportOptions) => Promise<Socket>;

/**
 * SIP over a stream (TCP or TLS) to one trunk: one connection shared by every call, opened on
 * first use and opened again by the next request after it dropped. The PBX sends its
 * in-dialog requests (BYE, re-INVITE) back over the same connection (our Contact names its
 * local port), the way SIP clients behind NAT work; a dialog whose connection dropped cannot
 * be reached again.
 */
export function startStreamTransport(
  protocol: 'TCP' | 'TLS',
  dial: DialTrunk,
  options: TrunkTransportOptions,
): TrunkTransport {
  let socket: Socket | undefined;
  let connecting: Promise<{ socket: Socket; local: LocalAddress }> | undefined;
  let local: LocalAddress | undefined;
  let closed = false;

  const open = async () => {
    const s = await dial(options);
    adopt(s);
    return { socket: s, local: { host: options.bindIp, port: s.localPort ?? 0 } };
  };

  const adopt = (s: Socket) => {
    const framer = new StreamFramer();
    s.on('data', (chunk: Buffer) => {
      let messages: string[];
      try {
        messages = framer.push(chunk);
      } catch (error) {
        // A stream we cannot frame cannot be resynchronised: drop the connection.
        options.onDropped(`${protocol} stream: ${(error as Error).message}`);
        s.destroy();
        return;
      }
      for (const message of messages) options.onMessage(message);
    });
    s.on('error', (error) => options.onDropped(`${protocol} connection: ${error.message}`));
    s.on('close', () => {
      if (socket === s) socket = undefined;
    });
  };

  const ready = async (): Promise<LocalAddress> => {
    if (closed) throw new TrunkUnreachableError(`${protocol} transport closed`);
    if (socket && !socket.destroyed && local) return local;
    connecting ??= open().finally(() => {
      connecting = undefined;
    });
    const opened = await connecting;
    socket = opened.socket;
    local = opened.local;
    return local;
  };

  return {
    protocol,
    ready,
    async send(message) {
      let s: Socket;
      try {
        await ready();
        s = socket as Socket;
      } catch (error) {
        throw new TransportError((error as Error).message);
      }
      await new Promise<void>((resolve, reject) =>
        s.write(message, (error) =>
          error ? reject(new TransportError(error.message)) : resolve(),
        ),
      );
    },
    responseReceived: () => undefined,
    abandon: () => undefined,
    async close() {
      closed = true;
      const s = socket;
      socket = undefined;
      if (!s || s.destroyed) return;
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.end();
        setTimeout(() => s.destroy(), 500).unref();
      });
    },
  };
}

/**
 * Waits for `s` to emit `readyEvent` within the connect timeout; a timeout or an error
 * destroys it and rejects with `failure(error)`.
 */
export function connected<T extends Socket>(
  s: T,
  readyEvent: 'connect' | 'secureConnect',
  options: TrunkTransportOptions,
  failure: (error: NodeJS.ErrnoException | 'timeout') => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      s.destroy();
      reject(failure('timeout'));
    }, options.connectTimeoutMs);
    s.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      s.destroy();
      reject(failure(error));
    });
    s.once(readyEvent, () => {
      clearTimeout(timer);
      s.removeAllListeners('error');
      resolve(s);
    });
  });
}

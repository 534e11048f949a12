import { createSocket, type Socket } from 'node:dgram';
import { connect, createServer, type Server } from 'node:net';

/** Delay imposed on each datagram, each way. */
export interface Impairment {
  /** Mean one-way delay, ms. */
  delayMs: number;
  /**
   * One-way jitter, ms, in RFC 3550's sense: the mean absolute difference between two
   * datagrams' delays. Each datagram's delay is drawn uniformly from delayMs ± 1.5 jitterMs,
   * whose mean absolute difference is exactly jitterMs (2/3 of the half-width).
   */
  jitterMs: number;
}

export interface ImpairmentRelayOptions {
  /** Where browsers send: the address the media service announces. */
  listen: { ip: string; port: number };
  /** The media service's real socket. */
  target: { ip: string; port: number };
}

export interface ImpairmentRelay {
  /** Delay and jitter from now on; `{ delayMs: 0, jitterMs: 0 }` forwards at once. */
  impose(impairment: Impairment): void;
  close(): Promise<void>;
}

/**
 * The kernel here has no netem: a userspace relay in front of the media port delays each
 * datagram by its own random amount, both ways, so ICE, DTLS and SCTP ride an impaired path
 * as they would over a real network. Each browser socket gets its own upstream socket, so
 * the media service sees one 5-tuple per browser, as without the relay. TCP (ICE-TCP) is
 * passed through unimpaired. Loss is not the relay's job: nftables drops in the namespace.
 */
export async function startImpairmentRelay(
  options: ImpairmentRelayOptions,
): Promise<ImpairmentRelay> {
  let impairment: Impairment = { delayMs: 0, jitterMs: 0 };
  const later = (send: () => void) => {
    const { delayMs, jitterMs } = impairment;
    if (delayMs === 0 && jitterMs === 0) return send();
    const spread = 1.5 * jitterMs;
    setTimeout(send, Math.max(0, delayMs + (Math.random() * 2 - 1) * spread));
  };

  const front = createSocket('udp4');
  const upstreams = new Map<string, Socket>();
  front.on('message', (message, from) => {
    const key = `${from.address}:${from.port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      const created = createSocket('udp4');
      created.on('message', (reply) =>
        later(() => front.send(reply, from.port, from.address, () => undefined)),
      );
      created.on('error', () => undefined);
      created.connect(options.target.port, options.target.ip);
      upstreams.set(key, created);
      upstream = created;
    }
    const socket = upstream;
    later(() => {
      // Sending before the connect completed fails with ERR_SOCKET_DGRAM_NOT_CONNECTED.
      try {
        socket.send(message, () => undefined);
      } catch {
        socket.once('connect', () => socket.send(message, () => undefined));
      }
    });
  });
  // Dropped datagrams (nftables) make no error here, but a closed peer may: ignore, as a
  // router would.
  front.on('error', () => undefined);
  await new Promise<void>((resolve) => front.bind(options.listen.port, options.listen.ip, resolve));

  const tcp: Server = createServer((browser) => {
    const media = connect(options.target.port, options.target.ip);
    browser.pipe(media).pipe(browser);
    const closeBoth = () => {
      browser.destroy();
      media.destroy();
    };
    browser.on('error', closeBoth).on('close', closeBoth);
    media.on('error', closeBoth).on('close', closeBoth);
  });
  await new Promise<void>((resolve) => tcp.listen(options.listen.port, options.listen.ip, resolve));

  return {
    impose: (next) => void (impairment = next),
    async close() {
      for (const socket of upstreams.values()) socket.close();
      await new Promise((resolve) => front.close(() => resolve(undefined)));
      await new Promise((resolve) => tcp.close(() => resolve(undefined)));
    },
  };
}

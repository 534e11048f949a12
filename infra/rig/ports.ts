import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export interface FreePortOptions {
  /** Also require the UDP port of the same number to be free (SIP listens on both). */
  udp?: boolean;
}

// Ports handed out by this process are never handed out again, so two services started in
// parallel cannot both be given the same just-closed port by the kernel.
const handedOut = new Set<number>();

function bindTcp(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

function bindUdp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, LOOPBACK, () => socket.close(() => resolve(true)));
  });
}

/**
 * A port on 127.0.0.1 that was free a moment ago (TCP, and UDP too when asked). The usual
 * bind-then-close race remains; inside the test's private namespace nothing else competes.
 */
export async function freePort(options: FreePortOptions = {}): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await bindTcp(0);
    if (port === undefined || handedOut.has(port)) continue;
    if (options.udp && !(await bindUdp(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port on ${LOOPBACK} after 50 attempts`);
}

/** A UDP-only port on 127.0.0.1 (e.g. for RTP relays). */
export async function freeUdpPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await new Promise<number | undefined>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(undefined));
      socket.bind(0, LOOPBACK, () => {
        const bound = socket.address().port;
        socket.close(() => resolve(bound));
      });
    });
    if (port === undefined || handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free UDP port on ${LOOPBACK} after 50 attempts`);
}

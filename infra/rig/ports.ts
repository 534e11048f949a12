import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export interface FreePortOptions {
  /** Also require the UDP port of the same number to be free (SIP listens on both). */
  udp?: boolean;
}

// Ports handed out by this process are never handed out again, so two services started in
// parallel cannot both be given the same port.
const handedOut = new Set<number>();

/**
 * Where ports are handed out from: above the media and baresip RTP ranges (20000-23000 and
 * 10000-20000 by default) and below the kernel's ephemeral range. A port picked here and bound
 * by a service only seconds later cannot meanwhile become some process's ephemeral port (a
 * baresip, Chromium or kamailio binding port 0), as a port the kernel handed out could: the
 * stack once died on EADDRINUSE that way.
 */
function pickablePorts(): { min: number; max: number } {
  let ephemeralLow = 32768;
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/);
    if (Number(low) > 24000) ephemeralLow = Number(low);
  } catch {
    // Not Linux: its usual default.
  }
  return { min: 24000, max: ephemeralLow - 1 };
}
const pickable = pickablePorts();

function candidate(): number {
  for (;;) {
    const port = randomInt(pickable.min, pickable.max + 1);
    if (!handedOut.has(port)) return port;
  }
}

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
 * A port on 127.0.0.1 that is free now (TCP, and UDP too when asked) and outside the kernel's
 * ephemeral range, so only another explicit bind to that very port could take it before the
 * caller binds it.
 */
export async function freePort(options: FreePortOptions = {}): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = candidate();
    if ((await bindTcp(port)) === undefined) continue;
    if (options.udp && !(await bindUdp(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(
    `no free port on ${LOOPBACK} in ${pickable.min}-${pickable.max} after 50 attempts`,
  );
}

import { readFileSync } from 'node:fs';

/**
 * Datagrams the kernel dropped, since the socket opened, for the IPv4 UDP socket bound to
 * `port` (this network namespace's /proc/net/udp, `drops` column): a receive buffer that was
 * full when they came. Such datagrams never reached the product, so nothing is owed to them.
 */
export function kernelUdpDrops(port: number): number {
  const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of readFileSync('/proc/net/udp', 'utf8').trim().split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1]?.endsWith(local)) return Number(fields[12]);
  }
  throw new Error(`no UDP socket on port ${port} in /proc/net/udp`);
}

import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { TransportError } from 'sip.js/lib/core/index.js';
import type { LocalAddress, TrunkTransport, TrunkTransportOptions } from './trunk-transport.ts';
import { UdpRetransmitter } from './udp-retransmitter.ts';
import type { RetransmitTimers } from './udp-retransmitter.ts';

/**
 * SIP over UDP to one trunk: one socket, bound once, for every call. Datagrams from any other
 * address than the trunk's are dropped: the trunk is the only peer we have.
 */
export async function startUdpTransport(
  options: TrunkTransportOptions,
  timers?: RetransmitTimers,
): Promise<TrunkTransport> {
  const socket: Socket = createSocket({ type: options.trunk.host.includes(':') ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, options.bindIp, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const local: LocalAddress = { host: options.bindIp, port: socket.address().port };
  const { host, port } = options.trunk;
  let closed = false;

  const write = (message: string) =>
    new Promise<void>((resolve, reject) => {
      if (closed) return reject(new TransportError('UDP transport closed'));
      socket.send(message, port, host, (error) =>
        error ? reject(new TransportError(error.message)) : resolve(),
      );
    });
  const retransmitter = new UdpRetransmitter((message) => {
    write(message).catch((error: Error) => options.onDropped(`retransmission: ${error.message}`));
  }, timers);

  // ICMP errors surface as socket errors on some platforms: they must not crash the process;
  // the transaction's timers decide what an unanswered request means.
  socket.on('error', (error) => options.onDropped(`socket error: ${error.message}`));
  socket.on('message', (data, from) => {
    if (from.port !== port || (from.address !== host && !sameLoopback(from.address, host))) {
      options.onDropped(`datagram from ${from.address}:${from.port}, not the trunk`);
      return;
    }
    options.onMessage(data.toString('utf8'));
  });

  return {
    protocol: 'UDP',
    ready: () => Promise.resolve(local),
    async send(message) {
      await write(message);
      retransmitter.sent(message);
    },
    responseReceived: (branch, method, status) => retransmitter.received(branch, method, status),
    abandon: (branch, method) => retransmitter.stop(`${branch} ${method}`),
    async close() {
      if (closed) return;
      closed = true;
      retransmitter.stopAll();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

function sameLoopback(a: string, b: string): boolean {
  return (a === '127.0.0.1' || a === '::1') && (b === 'localhost' || b === '127.0.0.1');
}

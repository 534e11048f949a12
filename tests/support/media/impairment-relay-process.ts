// The impairment relay's own process (see impairment-relay.ts, which starts it at real-time
// priority and talks to it over IPC). Alone in its process, a timer of ours fires when due
// even while the test's process and the rest of the machine are busy; and each datagram's
// hold is measured as it happens, so a slip shows in the record instead of in the product.
import { createSocket, type Socket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import type { RelayCommand, RelayReply, RelayedDatagram } from './impairment-relay-protocol.ts';

let impairment = { delayMs: 0, jitterMs: 0 };
let record: { toward: RelayedDatagram[]; back: RelayedDatagram[] } = { toward: [], back: [] };

const reply = (message: RelayReply) => process.send?.(message);

/** Sends after this datagram's drawn delay, and notes when it came and when it really left. */
function relay(way: RelayedDatagram[], send: () => void) {
  const receivedAtMs = performance.now();
  const { delayMs, jitterMs } = impairment;
  const forward = () => {
    way.push({ receivedAtMs, sentAtMs: performance.now() });
    send();
  };
  if (delayMs === 0 && jitterMs === 0) return forward();
  // Uniform within ±1.5 jitterMs: the mean absolute difference of two draws is jitterMs.
  const spread = 1.5 * jitterMs;
  setTimeout(forward, Math.max(0, delayMs + (Math.random() * 2 - 1) * spread));
}

async function start(listen: { ip: string; port: number }, target: { ip: string; port: number }) {
  const front = createSocket('udp4');
  const upstreams = new Map<string, Socket>();
  front.on('message', (message, from) => {
    const key = `${from.address}:${from.port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      // One upstream socket per browser socket: the media service sees one 5-tuple per browser.
      const created = createSocket('udp4');
      created.on('message', (answer) =>
        relay(record.back, () => front.send(answer, from.port, from.address, () => undefined)),
      );
      created.on('error', () => undefined);
      created.connect(target.port, target.ip);
      upstreams.set(key, created);
      upstream = created;
    }
    const socket = upstream;
    relay(record.toward, () => {
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
  await new Promise<void>((resolve) => front.bind(listen.port, listen.ip, resolve));

  // TCP (ICE-TCP) is passed through unimpaired.
  const tcp = createServer((browser) => {
    const media = connect(target.port, target.ip);
    browser.pipe(media).pipe(browser);
    const closeBoth = () => {
      browser.destroy();
      media.destroy();
    };
    browser.on('error', closeBoth).on('close', closeBoth);
    media.on('error', closeBoth).on('close', closeBoth);
  });
  await new Promise<void>((resolve) => tcp.listen(listen.port, listen.ip, resolve));
}

process.on('message', (command: RelayCommand) => {
  if (command.type === 'start') {
    start(command.listen, command.target).then(
      () => reply({ type: 'started' }),
      (error: unknown) => reply({ type: 'failed', message: String(error) }),
    );
  } else if (command.type === 'impose') {
    impairment = command.impairment;
    record = { toward: [], back: [] };
    reply({ type: 'imposed' });
  } else {
    reply({ type: 'record', ...record });
  }
});
// The test's process is gone or done with us: nothing else would ever stop this one.
process.on('disconnect', () => process.exit(0));

// One STUN Binding request (RFC 5389) over UDP: whether a STUN/TURN server answers there.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

const magicCookie = 0x2112a442;

/** Resolves true when a Binding success response with our transaction id comes back. */
export function stunBindingAnswers(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  const transaction = randomBytes(12);
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0); // Binding request, no attributes
  request.writeUInt32BE(magicCookie, 4);
  transaction.copy(request, 8);
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    const done = (answered: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (message) =>
      done(message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(transaction)),
    );
    socket.on('error', () => done(false));
    socket.send(request, port, host);
  });
}

import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { LOOPBACK } from '../../../infra/rig/ports.ts';

/**
 * True when rtpengine answers a `ping` on its ng control port (bencode over UDP, each message
 * led by a cookie): its control loop is up, which kamailio's rtpengine module checks once at
 * start-up, disabling an instance that did not answer.
 */
export function rtpengineAnswersPing(port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const cookie = randomBytes(6).toString('hex');
    const finish = (answered: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('error', () => finish(false));
    socket.on('message', (message) => {
      const text = message.toString('latin1');
      if (text.startsWith(`${cookie} `)) finish(text.includes('6:result4:pong'));
    });
    socket.send(`${cookie} d7:command4:pinge`, port, LOOPBACK);
  });
}

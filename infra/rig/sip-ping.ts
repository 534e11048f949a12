import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { LOOPBACK } from './ports.ts';

/**
 * Sends one SIP OPTIONS over UDP to `host:port` and resolves with the status code of the first
 * response, or undefined when none came within `timeoutMs`. Used as a readiness probe: a
 * proxy that answers has its SIP workers up, not just its sockets bound. With `user`, the
 * OPTIONS is for `sip:user@host:port`: a registrar routes it to that user's registered contact.
 */
export function sipOptionsPing(
  port: number,
  host = LOOPBACK,
  timeoutMs = 300,
  user?: string,
): Promise<number | undefined> {
  const uri = `sip:${user ? `${user}@` : ''}${host}:${port}`;
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const finish = (status: number | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(status);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.once('error', () => finish(undefined));
    socket.on('message', (message) => {
      const match = /^SIP\/2\.0 (\d{3}) /.exec(message.toString('latin1'));
      if (match) finish(Number(match[1]));
    });
    socket.bind(0, LOOPBACK, () => {
      const localPort = socket.address().port;
      const id = randomBytes(8).toString('hex');
      const request = [
        `OPTIONS ${uri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${LOOPBACK}:${localPort};branch=z9hG4bK-${id};rport`,
        'Max-Forwards: 70',
        `From: <sip:rig-probe@${LOOPBACK}>;tag=${id}`,
        `To: <${uri}>`,
        `Call-ID: ${id}@${LOOPBACK}`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.send(request, port, host);
    });
  });
}

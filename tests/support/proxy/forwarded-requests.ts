// Requests as they reach a service from a given source address on the loopback (127.0.0.1
// standing in for the reverse proxy, 127.0.0.2 for a visitor reaching the service directly),
// carrying the X-Forwarded-For a proxy (or a forger) wrote.
import { request } from 'node:http';
import WebSocket from 'ws';

export interface FromAddress {
  /** The source address of the TCP connection: what the service sees as its peer. */
  localAddress: string;
  /** The X-Forwarded-For value; unset: no header. */
  forwardedFor?: string;
}

const forwardedHeader = (from: FromAddress): Record<string, string> =>
  from.forwardedFor === undefined ? {} : { 'x-forwarded-for': from.forwardedFor };

/** POSTs JSON; resolves with the status once the answer has been read. */
export function postJsonFrom(
  from: FromAddress,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: from.localAddress,
        headers: { 'content-type': 'application/json', ...forwardedHeader(from), ...headers },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

export interface OpenedSipSocket {
  /** 101 when the WebSocket opened, else the HTTP status the server refused it with. */
  status: number;
  close(): void;
}

/** Opens a SIP WebSocket (subprotocol `sip`) and keeps it open until `close()`. */
export function openSipSocketFrom(
  from: FromAddress,
  url: string,
  origin: string,
): Promise<OpenedSipSocket> {
  const socket = new WebSocket(url, 'sip', {
    origin,
    localAddress: from.localAddress,
    headers: forwardedHeader(from),
  });
  // A reset after a refusal or at close must not crash the test process.
  socket.on('error', () => socket.terminate());
  const close = () => socket.close(1000);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ status: 101, close }));
    socket.once('unexpected-response', (_req, res) => {
      socket.terminate();
      resolve({ status: res.statusCode ?? 0, close: () => {} });
    });
    socket.once('error', reject);
  });
}

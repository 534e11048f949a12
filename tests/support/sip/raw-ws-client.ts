import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';

/**
 * A TCP socket that did the WebSocket handshake (`sip` subprotocol) by hand, to send what no
 * WebSocket library would: a frame header and less payload than it announces (slow-loris).
 */
export async function rawSipWebSocket(port: number): Promise<{
  socket: Socket;
  /** Everything the gateway sent after the handshake. */
  received(): Buffer;
}> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    [
      'GET /sip HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: sip',
      '',
      '',
    ].join('\r\n'),
  );
  let data = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (data = Buffer.concat([data, chunk])));
  socket.on('error', () => socket.destroy());
  const headEnd = () => data.indexOf('\r\n\r\n');
  while (headEnd() < 0) await once(socket, 'data');
  const head = data.subarray(0, headEnd()).toString();
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`handshake refused: ${head}`);
  const after = headEnd() + 4;
  return { socket, received: () => data.subarray(after) };
}

/** A masked text frame header announcing `length` (< 65536) payload bytes, as a client sends. */
export function textFrameHeader(length: number): Buffer {
  return Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff, 1, 2, 3, 4]);
}

/** The close code in a server's (unmasked) close frame at the start of `data`, if one is. */
export function closeCodeOf(data: Buffer): number | undefined {
  if (data.length < 4 || data[0] !== 0x88) return undefined;
  return data.readUInt16BE(2);
}

/** How the gateway answers an upgrade it refuses: its HTTP status and Retry-After. */
export async function refusedUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; retryAfter: string | undefined } | 'opened'> {
  const socket = new WebSocket(url, 'sip', { headers });
  socket.on('error', () => undefined);
  return new Promise((resolve) => {
    socket.once('open', () => {
      socket.close();
      resolve('opened');
    });
    socket.once('unexpected-response', (_request, response) => {
      const retryAfter = response.headers['retry-after'];
      resolve({ status: response.statusCode ?? 0, retryAfter });
      response.destroy();
    });
  });
}

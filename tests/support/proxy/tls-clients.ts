// Clients of the reverse proxy as a visitor's machine would be: by the public name (resolved
// here to the loopback, where nginx listens), trusting only the test CA, from a chosen source
// address on the loopback (all of 127/8 is on `lo`), so each can stand for another visitor.
import type { LookupFunction } from 'node:net';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import WebSocket from 'ws';
import { LOOPBACK } from '../../../infra/rig/ports.ts';

export interface PublicName {
  /** The public host name the certificate carries. */
  name: string;
  /** The test CA's certificate (PEM): the only one trusted. */
  ca: string;
}

export interface VisitorRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The source address: the visitor nginx sees. Unset: 127.0.0.1. */
  localAddress?: string;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

// What the public name resolves to here; nginx listens on the loopback.
const toLoopback = ((_host, options, callback) => {
  if ((options as { all?: boolean }).all) callback(null, [{ address: LOOPBACK, family: 4 }]);
  else callback(null, LOOPBACK, 4);
}) as LookupFunction;

/** One request to `url` (http: or https:), answered in full. */
export function visitorRequest(
  site: PublicName,
  url: string,
  options: VisitorRequest = {},
): Promise<Answer> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        lookup: toLoopback,
        ca: site.ca,
        localAddress: options.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.once('error', reject);
    req.end(options.body);
  });
}

export interface VisitorSipSocket {
  /** 101 when the WebSocket opened, else the HTTP status the handshake was refused with. */
  status: number;
  /** Whether it is still open (neither end closed it). */
  isOpen(): boolean;
  close(): void;
}

/** A SIP WebSocket (subprotocol `sip`) opened to `url`, held until `close()`. */
export function openVisitorSipSocket(
  site: PublicName,
  url: string,
  options: { origin: string; localAddress: string; forwardedFor?: string },
): Promise<VisitorSipSocket> {
  const socket = new WebSocket(url, 'sip', {
    origin: options.origin,
    localAddress: options.localAddress,
    lookup: toLoopback,
    ca: site.ca,
    headers: options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {},
  });
  // A reset after a refusal or at close must not crash the test process.
  socket.on('error', () => socket.terminate());
  const isOpen = () => socket.readyState === WebSocket.OPEN;
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ status: 101, isOpen, close: () => socket.close(1000) }));
    socket.once('unexpected-response', (_req, res) => {
      socket.terminate();
      resolve({ status: res.statusCode ?? 0, isOpen, close: () => {} });
    });
    socket.once('error', reject);
  });
}

/** The TLS version and cipher a handshake with these client settings agrees on, or its error. */
export function tlsHandshake(
  site: PublicName,
  port: number,
  settings: { ciphers?: string; maxVersion?: 'TLSv1.2' | 'TLSv1.3' },
): Promise<{ protocol: string; cipher: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: LOOPBACK,
      port,
      servername: site.name,
      ca: site.ca,
      ...settings,
    });
    socket.once('secureConnect', () => {
      resolve({ protocol: socket.getProtocol() ?? '', cipher: socket.getCipher().name });
      socket.end();
    });
    socket.once('error', (error) => resolve({ error: error.message }));
  });
}

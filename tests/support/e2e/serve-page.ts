import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from '../../../infra/rig/ports.ts';

/**
 * Serves one HTML page from a real loopback server (Chromium treats a page Playwright itself
 * fulfils as public, and refuses it the loopback services), with the headers a test needs,
 * e.g. a Content-Security-Policy.
 */
export async function servePage(
  html: string,
  headers: Record<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(html);
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(0, LOOPBACK, listening);
  });
  return {
    url: `http://${LOOPBACK}:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}

// A contact center's webhook receiver, as a real HTTP server on a port the test chose: it
// answers 503 to the first `failFirst` requests of each webhook-id at each path (an outage),
// then checks the signature with the Standard Webhooks library and takes the event (204),
// dropping a repeat of an id it already took, as the scheme asks receivers to.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** Requests that reached it, 503s included. */
  requests: ReceivedWebhook[];
  /** Events taken (2xx), in order: at most one per path and webhook-id. */
  accepted: ReceivedWebhook[];
  /** Resolves once `count` events have been taken. */
  acceptedCount(count: number): Promise<void>;
  close(): Promise<void>;
}

/** The headers `verify` reads, as a receiver passes them on. */
export const signatureHeaders = (headers: IncomingHttpHeaders): Record<string, string> => ({
  'webhook-id': String(headers['webhook-id']),
  'webhook-timestamp': String(headers['webhook-timestamp']),
  'webhook-signature': String(headers['webhook-signature']),
});

export async function startWebhookReceiver(options: {
  port: number;
  secret: string;
  failFirst: number;
}): Promise<WebhookReceiver> {
  const verifier = new Webhook(options.secret);
  const requests: ReceivedWebhook[] = [];
  const accepted: ReceivedWebhook[] = [];
  const seen = new Map<string, number>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = {
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const key = `${received.path} ${String(request.headers['webhook-id'])}`;
      const tries = (seen.get(key) ?? 0) + 1;
      seen.set(key, tries);
      if (tries <= options.failFirst) return response.writeHead(503).end();
      try {
        verifier.verify(received.body, signatureHeaders(request.headers));
      } catch {
        return response.writeHead(400).end();
      }
      if (!accepted.some((earlier) => `${earlier.path} ${earlier.headers['webhook-id']}` === key)) {
        accepted.push(received);
        for (const waiter of waiters) if (accepted.length >= waiter.count) waiter.resolve();
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    requests,
    accepted,
    acceptedCount: (count) =>
      accepted.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

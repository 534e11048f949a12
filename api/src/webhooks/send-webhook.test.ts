import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { SecretValue } from '../../../protocol/config/secret-file.ts';
import { sendWebhook, webhookHeaders } from './send-webhook.ts';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
let server: Server;
let base: string;
beforeAll(async () => {
  // /silent never answers; /moved redirects; /ok takes it.
  server = createServer((request, response) => {
    request.resume();
    if (request.url === '/silent') return;
    if (request.url === '/moved') return response.writeHead(307, { location: '/ok' }).end();
    response.writeHead(200).end('thanks');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const request = (path: string) => ({
  url: `${base}${path}`,
  secret: new SecretValue(secret),
  webhookId: randomUUID(),
  body: '{"type":"call.ended"}',
});

describe('one webhook attempt', () => {
  it('signs per Standard Webhooks: id, Unix-second timestamp, v1 HMAC the library verifies', () => {
    const sent = request('/ok');
    const at = new Date();
    const headers = webhookHeaders(sent, at);
    expect(headers['webhook-id']).toBe(sent.webhookId);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(new Webhook(secret).verify(sent.body, headers)).toEqual({ type: 'call.ended' });
    // Another secret, or a signature from long ago, does not pass.
    const other = new Webhook(`whsec_${randomBytes(32).toString('base64')}`);
    expect(() => other.verify(sent.body, headers)).toThrow();
    const stale = webhookHeaders(sent, new Date(at.getTime() - 600_000));
    expect(() => new Webhook(secret).verify(sent.body, stale)).toThrow(/too old/);
  });

  it('is delivered on a 2xx', async () => {
    expect(await sendWebhook(request('/ok'), { at: new Date(), timeoutMs: 5000 })).toEqual({
      delivered: true,
      statusCode: 200,
    });
  });

  it('fails on a redirect, which it does not follow', async () => {
    expect(await sendWebhook(request('/moved'), { at: new Date(), timeoutMs: 5000 })).toEqual({
      delivered: false,
      statusCode: 307,
      error: 'HTTP 307',
    });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    expect(await sendWebhook(request('/silent'), { at: new Date(), timeoutMs: 200 })).toEqual({
      delivered: false,
      error: 'no answer within 200 ms',
    });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GatewayAnnouncementSchema,
  type GatewayAnnouncement,
} from '../../../protocol/api/gateway-announcement.ts';
import { startNodeAnnouncer, type NodeAnnouncer } from './announcer.ts';

const serviceToken = 's'.repeat(40);
const node = {
  nodeId: 'media-2:8090',
  publicUrl: 'wss://cc.example.com/media/node-2/sip',
  capacity: 60,
  bootId: '5b0d8c3e-7a52-4f7e-9d0e-2f1c4b6a8e91',
};
const logger = { debug() {}, info: vi.fn(), warn: vi.fn(), error() {} };

interface Heard {
  announcements: GatewayAnnouncement[];
  goodbyes: string[];
  /** Every request's Authorization header. */
  authorizations: (string | undefined)[];
}

let server: Server | undefined;
let announcer: NodeAnnouncer | undefined;
afterEach(async () => {
  await announcer?.stop();
  announcer = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  vi.clearAllMocks();
});

/** The API's gateway-node routes; answers 503 while `down` says so. */
async function fakeApi(down = () => false) {
  const heard: Heard = { announcements: [], goodbyes: [], authorizations: [] };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      heard.authorizations.push(req.headers.authorization);
      if (down()) return void res.writeHead(503).end();
      if (req.method === 'POST' && req.url === '/v1/internal/gateway-nodes') {
        heard.announcements.push(GatewayAnnouncementSchema.parse(JSON.parse(body)));
      } else if (req.method === 'DELETE') {
        heard.goodbyes.push(decodeURIComponent(req.url!.split('/').at(-1)!));
      } else return void res.writeHead(404).end();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, heard };
}

function announce(apiUrl: string, load: { calls: number; draining: boolean }, intervalMs = 60_000) {
  announcer = startNodeAnnouncer({
    apiUrl,
    serviceToken,
    node,
    load: { activeCalls: () => load.calls, draining: () => load.draining },
    intervalMs,
    logger,
    drainCheckMs: 20,
  });
  return announcer;
}

describe('startNodeAnnouncer', () => {
  it('announces the node at once with the service token, then on every interval', async () => {
    const api = await fakeApi();
    const load = { calls: 3, draining: false };
    announce(api.url, load, 300);
    await expect.poll(() => api.heard.announcements.length).toBe(1);
    expect(api.heard.announcements[0]).toEqual({ ...node, callsInProgress: 3, draining: false });
    load.calls = 5;
    await expect.poll(() => api.heard.announcements.length, { timeout: 5000 }).toBeGreaterThan(1);
    expect(api.heard.announcements.at(-1)).toMatchObject({ callsInProgress: 5 });
    expect(new Set(api.heard.authorizations)).toEqual(new Set([`Bearer ${serviceToken}`]));
  });

  it('announces a drain at once, not on the next interval', async () => {
    const api = await fakeApi();
    const load = { calls: 2, draining: false };
    announce(api.url, load);
    await expect.poll(() => api.heard.announcements.length).toBe(1);
    load.draining = true;
    await expect.poll(() => api.heard.announcements.length, { timeout: 2000 }).toBe(2);
    expect(api.heard.announcements[1]).toMatchObject({ draining: true, callsInProgress: 2 });
  });

  it('says goodbye on stop, after the announcement under way, and then says nothing', async () => {
    const api = await fakeApi();
    const running = announce(api.url, { calls: 0, draining: false }, 250);
    await running.stop();
    expect(api.heard.goodbyes).toEqual([node.nodeId]);
    const heard = api.heard.authorizations.length;
    // No announcement once the goodbye is said: the API would bring the node back.
    expect(api.heard.announcements.length).toBe(1);
    // What is checked is that nothing comes: over two intervals' time, no request at all.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(api.heard.authorizations.length).toBe(heard);
  });

  it('keeps announcing through an API outage, logging it once, and tells when it is back', async () => {
    let down = true;
    const api = await fakeApi(() => down);
    announce(api.url, { calls: 1, draining: false }, 250);
    await expect.poll(() => api.heard.authorizations.length, { timeout: 5000 }).toBeGreaterThan(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![1]).toMatch(/announcement failed/);
    down = false;
    // The log follows the API's answer, read after the API has counted the announcement: wait
    // for the log itself.
    await expect
      .poll(() => logger.info.mock.calls.map((call) => call[1]), { timeout: 5000 })
      .toContain('gateway node announced again');
    expect(logger.info).toHaveBeenCalledWith(
      { nodeId: node.nodeId },
      'gateway node announced again',
    );
    expect(api.heard.announcements.length).toBeGreaterThan(0);
  });
});

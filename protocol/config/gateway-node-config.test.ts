import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { derivedNodeId } from './gateway-node-config.ts';
import { loadMediaConfig } from './media-config.ts';

const token = 't'.repeat(40);

describe("the gateway's node settings", () => {
  it('stand alone by default: a node id from host and port, no announcing', () => {
    const config = loadMediaConfig({ MEDIA_PORT: '8093' });
    expect(config.nodeId).toBe(derivedNodeId(hostname(), 8093));
    expect(config.nodeId).toMatch(/:8093$/);
    expect(config.publicUrl).toBeUndefined();
    expect(config.announceIntervalMs).toBe(2000);
  });

  it('take a node id, the public URL and a capacity', () => {
    expect(
      loadMediaConfig({
        MEDIA_NODE_ID: 'media-2',
        MEDIA_PUBLIC_URL: 'wss://cc.example.com/media/node-2/sip',
        MEDIA_API_SERVICE_TOKEN: token,
        MEDIA_MAX_CALLS: '150',
      }),
    ).toMatchObject({
      nodeId: 'media-2',
      publicUrl: 'wss://cc.example.com/media/node-2/sip',
      maxCalls: 150,
    });
  });

  it('size the capacity by the workers when MEDIA_MAX_CALLS is unset', () => {
    expect(loadMediaConfig({ MEDIA_WORKERS: '3' }).maxCalls).toBe(180);
  });

  it.each([
    [{ MEDIA_NODE_ID: 'media/2' }, /MEDIA_NODE_ID: must be 1 to 64 letters/],
    [{ MEDIA_PUBLIC_URL: 'https://cc.example.com/media/sip' }, /MEDIA_PUBLIC_URL:/],
    [{ MEDIA_MAX_CALLS: '0' }, /MEDIA_MAX_CALLS:/],
    [{ MEDIA_ANNOUNCE_INTERVAL_MS: '10' }, /MEDIA_ANNOUNCE_INTERVAL_MS:/],
  ])('refuse %o, naming the variable', (env, message) => {
    expect(() => loadMediaConfig({ MEDIA_API_SERVICE_TOKEN: token, ...env })).toThrow(message);
  });

  it('refuse to announce without the service token the API asks for', () => {
    expect(() => loadMediaConfig({ MEDIA_PUBLIC_URL: 'wss://cc.example.com/media/sip' })).toThrow(
      /MEDIA_API_SERVICE_TOKEN: is needed to announce the node/,
    );
  });

  it('derive node ids within the alphabet tokens carry', () => {
    expect(derivedNodeId('media-1.dc2.example', 8090)).toBe('media-1.dc2.example:8090');
    expect(derivedNodeId('_odd host!', 8090)).toBe('odd-host-:8090');
    expect(derivedNodeId('', 8090)).toBe('gateway:8090');
  });
});

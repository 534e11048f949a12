// The gateway nodes table on every database the API runs on: what one API instance hears
// from a node, another instance sees.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayAnnouncement } from '../../../protocol/api/gateway-announcement.ts';
import {
  useStorageBackends,
  type OpenStorage,
} from '../../../tests/support/api/storage-backends.ts';
import { gatewayPlacement } from './gateway-placement.ts';

const t0 = new Date('2026-11-02T15:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const node = (nodeId: string, fields: Partial<GatewayAnnouncement> = {}): GatewayAnnouncement => ({
  nodeId,
  publicUrl: `wss://cc.example.com/media/${nodeId}/sip`,
  capacity: 60,
  callsInProgress: 0,
  draining: false,
  ...fields,
});
const media = { gatewayUrl: 'wss://cc.example.com/media/sip', pinGateway: false };

const backends = useStorageBackends();

describe.each(backends)('gateway nodes on %s', (_name, open) => {
  // One database per backend (PGlite's initdb takes seconds), emptied for each test.
  let storage: OpenStorage | undefined;
  beforeAll(async () => {
    storage = await open();
  }, 60_000);
  afterAll(() => storage?.close());
  beforeEach(() => storage?.db.exec('delete from gateway_nodes'));

  it('are seen by every API instance, each node as it last announced itself', async () => {
    const { repo, other } = storage!;
    await repo.recordGatewayAnnouncement(node('media-a', { callsInProgress: 3 }), at(0), at(-6));
    await other.recordGatewayAnnouncement(node('media-b'), at(1), at(-5));
    const bootId = '0b7c1d52-96a4-4d8e-8a47-1f0a3c9e2b6d';
    await other.recordGatewayAnnouncement(
      node('media-a', { callsInProgress: 7, draining: true, bootId }),
      at(2),
      at(-4),
    );
    expect(await repo.listGatewayNodes()).toEqual([
      { ...node('media-a', { callsInProgress: 7, draining: true, bootId }), announcedAt: at(2) },
      { ...node('media-b'), announcedAt: at(1) },
    ]);
    // An older gateway, announcing without a boot id, replaces it with none.
    await repo.recordGatewayAnnouncement(node('media-a'), at(3), at(-3));
    expect((await repo.listGatewayNodes())[0]).toEqual({ ...node('media-a'), announcedAt: at(3) });
  });

  it('lose the nodes silent past the TTL at the next announcement, and one that said goodbye', async () => {
    const { repo, other } = storage!;
    await repo.recordGatewayAnnouncement(node('media-a'), at(0), at(-6));
    await repo.recordGatewayAnnouncement(node('media-b'), at(0), at(-6));
    await other.recordGatewayAnnouncement(node('media-b'), at(7), at(1));
    expect((await repo.listGatewayNodes()).map((n) => n.nodeId)).toEqual(['media-b']);
    await other.forgetGatewayNode('media-b');
    await other.forgetGatewayNode('never-announced');
    expect(await repo.listGatewayNodes()).toEqual([]);
  });

  it('place calls on what another instance heard, and on nothing it heard a drain of', async () => {
    const { repo, other } = storage!;
    // Reading the table for every placement: another instance's news counts at once.
    const placement = gatewayPlacement(repo, { ttlMs: 6000, refreshMs: 0 });
    await other.recordGatewayAnnouncement(node('media-a', { callsInProgress: 1 }), at(0), at(-6));
    await other.recordGatewayAnnouncement(node('media-b'), at(0), at(-6));
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push((await placement.place(media, at(1))).nodeId);
    // b is a call behind: it takes one, then the two are even and take one each.
    expect(placed[0]).toBe('media-b');
    expect(placed.toSorted()).toEqual(['media-a', 'media-b', 'media-b']);
    await other.recordGatewayAnnouncement(node('media-b', { draining: true }), at(2), at(-4));
    expect(await placement.place(media, at(3))).toEqual({
      nodeId: 'media-a',
      url: 'wss://cc.example.com/media/media-a/sip',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { chooseGatewayNode, nodeAtUrl, type PlacementView } from './choose-gateway-node.ts';

const now = new Date('2026-11-02T15:00:00Z');
// The first of equally loaded nodes (by id), so a sequence of choices can be read off.
const rules = { now, ttlMs: 6000, pickAmongEqual: () => 0 };
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

const node = (nodeId: string, fields: Partial<PlacementView> = {}): PlacementView => ({
  nodeId,
  publicUrl: `wss://cc.example.com/media/${nodeId}/sip`,
  capacity: 10,
  callsInProgress: 0,
  draining: false,
  announcedAt: secondsAgo(1),
  placedSince: 0,
  ...fields,
});
const chosen = (nodes: PlacementView[], preferred?: string) => {
  const placement = chooseGatewayNode(nodes, rules, preferred);
  return placement.kind === 'node' ? placement.node.nodeId : placement.kind;
};

describe('chooseGatewayNode', () => {
  it('places on the least loaded node, counting what was placed since its announcement', () => {
    expect(chosen([node('a', { callsInProgress: 4 }), node('b', { callsInProgress: 2 })])).toBe(
      'b',
    );
    expect(
      chosen([
        node('a', { callsInProgress: 2 }),
        node('b', { callsInProgress: 2, placedSince: 1 }),
      ]),
    ).toBe('a');
  });

  it('spreads a burst: each placement counted, the calls alternate over equal nodes', () => {
    const nodes = [node('a'), node('b'), node('c', { callsInProgress: 1 })];
    const placed: string[] = [];
    for (let i = 0; i < 7; i++) {
      const placement = chooseGatewayNode(nodes, rules);
      if (placement.kind !== 'node') throw new Error(placement.kind);
      placement.node.placedSince += 1;
      placed.push(placement.node.nodeId);
    }
    expect(placed).toEqual(['a', 'b', 'a', 'b', 'c', 'a', 'b']);
  });

  it('picks among equally loaded nodes at random, not always the same one', () => {
    const picks: number[] = [];
    const nodes = [node('b'), node('a'), node('c', { callsInProgress: 1 })];
    const pickedBy = (index: number) => {
      const placement = chooseGatewayNode(nodes, {
        ...rules,
        pickAmongEqual: (count) => (picks.push(count), index),
      });
      return placement.kind === 'node' ? placement.node.nodeId : placement.kind;
    };
    // Two equal candidates (c carries a call), offered in id order.
    expect([pickedBy(0), pickedBy(1)]).toEqual(['a', 'b']);
    expect(picks).toEqual([2, 2]);
    // By default, over many choices both equal nodes take calls.
    const seen = new Set<string>();
    for (let i = 0; i < 64; i++) {
      const placement = chooseGatewayNode(nodes, { now, ttlMs: 6000 });
      if (placement.kind === 'node') seen.add(placement.node.nodeId);
    }
    expect([...seen].sort()).toEqual(['a', 'b']);
  });

  it('weighs load against capacity: a bigger node takes more calls', () => {
    const big = node('big', { capacity: 120, callsInProgress: 30 });
    const small = node('small', { capacity: 10, callsInProgress: 5 });
    expect(chosen([small, big])).toBe('big');
  });

  it('gives a draining node, a full one or a silent one nothing', () => {
    expect(chosen([node('a', { draining: true }), node('b', { callsInProgress: 9 })])).toBe('b');
    expect(chosen([node('a', { callsInProgress: 10 }), node('b', { callsInProgress: 9 })])).toBe(
      'b',
    );
    expect(
      chosen([node('a', { callsInProgress: 9, placedSince: 1 }), node('b', { capacity: 1 })]),
    ).toBe('b');
    expect(
      chosen([node('a', { announcedAt: secondsAgo(7) }), node('b', { callsInProgress: 9 })]),
    ).toBe('b');
  });

  it('says all_busy when nodes are up but none takes calls, no_node when none is fresh', () => {
    expect(chosen([node('a', { draining: true }), node('b', { callsInProgress: 10 })])).toBe(
      'all_busy',
    );
    expect(chosen([])).toBe('no_node');
    expect(chosen([node('a', { announcedAt: secondsAgo(6.001) })])).toBe('no_node');
    // Exactly the TTL is still fresh; the boundary is where the API forgets.
    expect(chosen([node('a', { announcedAt: secondsAgo(6) })])).toBe('a');
  });

  it("follows the visitor's connection test to its node while that node takes calls", () => {
    const nodes = [node('a', { callsInProgress: 8 }), node('b')];
    expect(chosen(nodes, 'a')).toBe('a');
    expect(chosen(nodes, 'gone')).toBe('b');
    expect(chosen([node('a', { draining: true }), node('b')], 'a')).toBe('b');
    expect(chosen([node('a', { callsInProgress: 10 }), node('b')], 'a')).toBe('b');
  });
});

describe('nodeAtUrl', () => {
  it("finds the fresh node a pinned site's URL names, spelled either way", () => {
    const nodes = [node('a'), node('b'), node('old', { announcedAt: secondsAgo(60) })];
    expect(nodeAtUrl(nodes, 'wss://CC.example.com:443/media/b/sip', rules)?.nodeId).toBe('b');
    expect(nodeAtUrl(nodes, 'wss://cc.example.com/media/old/sip', rules)).toBeUndefined();
    expect(nodeAtUrl(nodes, 'wss://elsewhere.example.com/sip', rules)).toBeUndefined();
  });
});

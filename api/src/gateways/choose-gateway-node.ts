import type { GatewayNode } from './gateway-node.ts';

/** A node as placement sees it: its announcement, and what this API placed there since. */
export interface PlacementView extends GatewayNode {
  /** Calls and connection tests this API instance placed on it since its announcement. */
  placedSince: number;
}

export interface PlacementRules {
  now: Date;
  /** API_GATEWAY_TTL_MS: a node silent for longer is forgotten. */
  ttlMs: number;
  /**
   * Which of `count` equally loaded nodes (in id order) takes the call: at random by default.
   * Each API instance counts only its own placements since a node's last announcement, so a
   * fixed choice would send every instance's share of a burst to the same node.
   */
  pickAmongEqual?: (count: number) => number;
}

export type Placement =
  | { kind: 'node'; node: PlacementView }
  /** No node announced itself within the TTL: the site's own gateway URL serves. */
  | { kind: 'no_node' }
  /** Nodes are up, but each is draining or full: no call can be placed now. */
  | { kind: 'all_busy' };

/** The node announced within the TTL (the rest are forgotten). */
export const isFresh = (node: GatewayNode, { now, ttlMs }: PlacementRules) =>
  now.getTime() - node.announcedAt.getTime() <= ttlMs;

/** Its calls, and the ones placed on it that its last announcement could not count yet. */
const load = (node: PlacementView) => node.callsInProgress + node.placedSince;

/** Fresh, not draining, and room for one more. */
const takesCalls = (node: PlacementView, rules: PlacementRules) =>
  isFresh(node, rules) && !node.draining && load(node) < node.capacity;

/** Least loaded for its size first; then the one with fewer calls. */
const byLoad = (a: PlacementView, b: PlacementView) =>
  load(a) / a.capacity - load(b) / b.capacity || load(a) - load(b);

const randomIndex = (count: number) => Math.floor(Math.random() * count);

/** The least loaded of `open` (non-empty); among equals, the one `pick` names. */
function leastLoaded(open: PlacementView[], pick: (count: number) => number): PlacementView {
  const sorted = [...open].sort((a, b) => byLoad(a, b) || a.nodeId.localeCompare(b.nodeId));
  const equal = sorted.filter((node) => byLoad(node, sorted[0]!) === 0);
  return equal[Math.min(equal.length - 1, Math.max(0, pick(equal.length)))]!;
}

/**
 * Where a call (or its connection test) goes: the node the visitor's connection test used
 * when it still takes calls, else the least loaded node that takes calls.
 */
export function chooseGatewayNode(
  nodes: readonly PlacementView[],
  rules: PlacementRules,
  preferred?: string,
): Placement {
  if (!nodes.some((node) => isFresh(node, rules))) return { kind: 'no_node' };
  const open = nodes.filter((node) => takesCalls(node, rules));
  if (open.length === 0) return { kind: 'all_busy' };
  const node =
    open.find((n) => n.nodeId === preferred) ??
    leastLoaded(open, rules.pickAmongEqual ?? randomIndex);
  return { kind: 'node', node };
}

/** The fresh node a pinned site's URL names, if any: tokens for that URL are bound to it. */
export function nodeAtUrl(
  nodes: readonly GatewayNode[],
  url: string,
  rules: PlacementRules,
): GatewayNode | undefined {
  const href = new URL(url).href;
  return nodes.find((node) => isFresh(node, rules) && new URL(node.publicUrl).href === href);
}

import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import { ApiError } from '../errors.ts';
import { chooseGatewayNode, nodeAtUrl, type PlacementView } from './choose-gateway-node.ts';
import type { GatewayNode, GatewayNodeStore } from './gateway-node.ts';

/** Where the widget is sent: a URL, and the node its token is bound to when there is one. */
export interface GatewayChoice {
  /** The SIP WebSocket the widget dials (its connection test is found beside it). */
  url: string;
  /** The node the token is bound to (its `node` claim); absent: an unbound token. */
  nodeId?: string;
}

export interface GatewayPlacement {
  /**
   * Places one call or connection test of a site: on its pinned gateway, else on the node
   * the visitor's connection test used (`preferred`) while it takes calls, else on the least
   * loaded node; on the site's gateway URL when no node announced itself. Every node being
   * draining or full is a 503 the visitor may retry shortly.
   */
  place(
    media: Pick<SiteConfig['media'], 'gatewayUrl' | 'pinGateway'>,
    now: Date,
    preferred?: string,
  ): Promise<GatewayChoice>;
  /**
   * This instance took the node's announcement or goodbye: its next placement reads the nodes
   * again, and what it placed there before is in the node's own count from now on.
   */
  changed(nodeId: string): void;
}

export interface GatewayPlacementOptions {
  /** API_GATEWAY_TTL_MS. */
  ttlMs: number;
  /**
   * How long the nodes read from the database serve placements: a token request then costs
   * no query; another instance's news (a node draining) reaches this one within this time.
   */
  refreshMs?: number;
}

/**
 * Placement over the nodes every API instance shares in the database. What this instance
 * placed on a node since the node's last announcement counts as load too (it is in no
 * announcement yet), so a burst of requests spreads instead of all landing on one node.
 */
export function gatewayPlacement(
  store: GatewayNodeStore,
  { ttlMs, refreshMs = Math.min(1000, ttlMs / 4) }: GatewayPlacementOptions,
): GatewayPlacement {
  let snapshot: { nodes: GatewayNode[]; readAt: number } | undefined;
  let reading: Promise<GatewayNode[]> | undefined;
  let generation = 0;
  const placed = new Map<string, { announcedAt: number; count: number }>();

  const currentNodes = (): Promise<GatewayNode[]> => {
    // A cache's age, not a business time: the monotonic clock, whatever the API's clock says.
    if (snapshot && performance.now() - snapshot.readAt < refreshMs) {
      return Promise.resolve(snapshot.nodes);
    }
    if (reading) return reading;
    const readFor = generation;
    const readAt = performance.now();
    const read = store.listGatewayNodes().then((nodes) => {
      if (readFor === generation) snapshot = { nodes, readAt };
      for (const nodeId of placed.keys()) {
        if (!nodes.some((node) => node.nodeId === nodeId)) placed.delete(nodeId);
      }
      return nodes;
    });
    reading = read;
    void read
      .finally(() => {
        if (reading === read) reading = undefined;
      })
      .catch(() => undefined);
    return read;
  };
  const placedSince = (node: GatewayNode) => {
    const count = placed.get(node.nodeId);
    return count?.announcedAt === node.announcedAt.getTime() ? count.count : 0;
  };
  const countPlacement = (node: PlacementView) =>
    placed.set(node.nodeId, {
      announcedAt: node.announcedAt.getTime(),
      count: node.placedSince + 1,
    });

  return {
    async place(media, now, preferred) {
      const nodes = await currentNodes();
      const rules = { now, ttlMs };
      if (media.pinGateway) {
        const pinned = nodeAtUrl(nodes, media.gatewayUrl, rules);
        return { url: media.gatewayUrl, ...(pinned ? { nodeId: pinned.nodeId } : {}) };
      }
      const views = nodes.map((node) => ({ ...node, placedSince: placedSince(node) }));
      const placement = chooseGatewayNode(views, rules, preferred);
      switch (placement.kind) {
        case 'no_node':
          return { url: media.gatewayUrl };
        case 'all_busy':
          throw new ApiError(
            'gateway_unavailable',
            503,
            'Every media gateway is busy or shutting down; try again shortly',
            { 'Retry-After': '5' },
          );
        case 'node':
          countPlacement(placement.node);
          return { url: placement.node.publicUrl, nodeId: placement.node.nodeId };
      }
    },
    changed(nodeId) {
      placed.delete(nodeId);
      generation += 1;
      snapshot = undefined;
      reading = undefined;
    },
  };
}

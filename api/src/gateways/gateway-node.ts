import type { GatewayAnnouncement } from '../../../protocol/api/gateway-announcement.ts';

/** A gateway node as the API last heard of it. */
export interface GatewayNode extends GatewayAnnouncement {
  /** When its latest announcement reached an API instance (that instance's clock). */
  announcedAt: Date;
}

/**
 * A gateway process gone, taking calls with it that it could not report ended: which calls
 * the API ends itself (end-calls-of-gone-gateways.ts).
 */
export type GoneGateway =
  /**
   * Calls made under a boot id their node no longer announces: its process restarted. Of one
   * node (the one announcing), or of every node.
   */
  | { cause: 'gateway_restarted'; nodeId?: string }
  /**
   * Calls of a node not heard from since `silentSince` (API_GATEWAY_LOST_AFTER_MS ago),
   * that have not moved since either.
   */
  | { cause: 'gateway_lost'; silentSince: Date };

/** The gateway nodes in the database, which every API instance shares. */
export interface GatewayNodeStore {
  /**
   * Keeps the node's latest announcement, and deletes the nodes silent since `forgetBefore`
   * (placement ignores them from the TTL on; they are kept until they count as lost, which
   * needs their last announcement, and then go, which keeps the table to the living).
   */
  recordGatewayAnnouncement(
    announcement: GatewayAnnouncement,
    at: Date,
    forgetBefore: Date,
  ): Promise<void>;
  /** The node stopped cleanly; nothing happens when it is not known. */
  forgetGatewayNode(nodeId: string): Promise<void>;
  /** Every node still in the table, fresh or not: placement decides what is fresh. */
  listGatewayNodes(): Promise<GatewayNode[]>;
}

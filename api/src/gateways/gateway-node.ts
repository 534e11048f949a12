import type { GatewayAnnouncement } from '../../../protocol/api/gateway-announcement.ts';

/** A gateway node as the API last heard of it. */
export interface GatewayNode extends GatewayAnnouncement {
  /** When its latest announcement reached an API instance (that instance's clock). */
  announcedAt: Date;
}

/** The gateway nodes in the database, which every API instance shares. */
export interface GatewayNodeStore {
  /**
   * Keeps the node's latest announcement, and deletes the nodes silent since `forgetBefore`
   * (they are ignored from then anyway; this keeps the table to the living).
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

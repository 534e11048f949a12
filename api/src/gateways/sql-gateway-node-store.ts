import type { SqlClient } from '../storage/sql-client.ts';
import type { GatewayNode, GatewayNodeStore } from './gateway-node.ts';

interface GatewayNodeRow {
  node_id: string;
  public_url: string;
  capacity: number;
  calls_in_progress: number;
  draining: boolean;
  boot_id: string | null;
  announced_at: Date | string;
}

/** Gateway nodes in the `gateway_nodes` table, over PGlite or PostgreSQL alike. */
export function sqlGatewayNodeStore(db: SqlClient): GatewayNodeStore {
  return {
    async recordGatewayAnnouncement(announcement, at, forgetBefore) {
      // Last word wins: a node announces one at a time and waits for each answer, so the
      // latest to arrive is its latest, whichever API instance took the one before.
      await db.query(
        `insert into gateway_nodes
           (node_id, public_url, capacity, calls_in_progress, draining, boot_id, announced_at)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (node_id) do update set
           public_url = excluded.public_url,
           capacity = excluded.capacity,
           calls_in_progress = excluded.calls_in_progress,
           draining = excluded.draining,
           boot_id = excluded.boot_id,
           announced_at = excluded.announced_at`,
        [
          announcement.nodeId,
          announcement.publicUrl,
          announcement.capacity,
          announcement.callsInProgress,
          announcement.draining,
          announcement.bootId ?? null,
          at,
        ],
      );
      await db.query('delete from gateway_nodes where announced_at < $1', [forgetBefore]);
    },
    async forgetGatewayNode(nodeId) {
      await db.query('delete from gateway_nodes where node_id = $1', [nodeId]);
    },
    async listGatewayNodes() {
      const { rows } = await db.query<GatewayNodeRow>(
        `select node_id, public_url, capacity, calls_in_progress, draining, boot_id, announced_at
         from gateway_nodes order by node_id`,
      );
      return rows.map((row): GatewayNode => ({
        nodeId: row.node_id,
        publicUrl: row.public_url,
        capacity: row.capacity,
        callsInProgress: row.calls_in_progress,
        draining: row.draining,
        ...(row.boot_id === null ? {} : { bootId: row.boot_id }),
        announcedAt: new Date(row.announced_at),
      }));
    },
  };
}

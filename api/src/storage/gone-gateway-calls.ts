import type { VisitorCallEndCode } from '../../../protocol/call-end-reason.ts';
import type { GoneGateway } from '../gateways/gateway-node.ts';
import { lockCall } from './call-event-lock.ts';
import { settleHeldRating } from './held-ratings.ts';
import type { SqlClient } from './sql-client.ts';
import { queueCallEndEvents } from './webhook-outbox.ts';

/** What the visitor was shown when the gateway's WebSocket dropped, and what the record says. */
const inferredEndReason: VisitorCallEndCode = 'connection_lost';

/**
 * The calls (`c`) whose gateway process is `gone`, as an SQL condition; its values go on
 * `params`. Read again under each call's lock, so what another instance or a late report
 * changed in between counts.
 */
function goneCondition(gone: GoneGateway, params: unknown[]): string {
  switch (gone.cause) {
    case 'gateway_restarted': {
      // Two processes announcing under one node id would end each other's calls: node ids
      // are unique per process by configuration (MEDIA_NODE_ID), as token binding needs.
      const oneNode = gone.nodeId ? ` and c.gateway_node = $${params.push(gone.nodeId)}` : '';
      return `c.gateway_boot_id is not null${oneNode} and exists (
          select 1 from gateway_nodes g where g.node_id = c.gateway_node
            and g.boot_id is not null and g.boot_id <> c.gateway_boot_id)`;
    }
    case 'gateway_lost': {
      // Neither the node (its row goes after a goodbye, or a while after it went silent) nor
      // the call (its steps are media's reports) has been heard from since.
      const since = `$${params.push(gone.silentSince)}`;
      return `greatest(c.created_at, c.ringing_at, c.answered_at) < ${since}
        and not exists (
          select 1 from gateway_nodes g where g.node_id = c.gateway_node
            and g.announced_at >= ${since})`;
    }
  }
}

// Matches the partial index calls_open_on_gateway (migrations.ts).
const open = `c.status <> 'ended' and c.gateway_node is not null`;

export async function findCallsOfGoneGateway(
  db: SqlClient,
  gone: GoneGateway,
  limit: number,
): Promise<string[]> {
  const params: unknown[] = [];
  const condition = goneCondition(gone, params);
  const { rows } = await db.query<{ id: string }>(
    `select c.id from calls c where ${open} and ${condition}
     order by c.created_at limit ${Math.max(1, Math.floor(limit))}`,
    params,
  );
  return rows.map((row) => row.id);
}

/**
 * Ends the call as the API's inference, under its lock (the one media's reports take), so a
 * report landing at the same time is applied before or after, never half. No duration: the
 * talk time is not known, and `ended_at` is only when the API learned of it.
 */
export function endCallOfGoneGateway(
  db: SqlClient,
  callId: string,
  gone: GoneGateway,
  at: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await lockCall(tx, callId);
    const params: unknown[] = [callId, at, inferredEndReason, gone.cause];
    const condition = goneCondition(gone, params);
    const ended = await tx.query(
      `update calls c set status = 'ended', ended_at = $2, end_reason = $3, end_inferred = $4
       where c.id = $1 and ${open} and ${condition}`,
      params,
    );
    if (ended.affectedRows === 0) return false;
    // Ended as by media's report: a rating held for it is stored if it was answered.
    await settleHeldRating(tx, callId, at);
    await queueCallEndEvents(tx, callId, { status: 'open', endInferred: false }, at);
    return true;
  });
}

import type { CallEvent } from '../../../protocol/api/call-event.ts';
import type { SqlClient } from './sql-client.ts';

/**
 * Events that arrived before their call's `created` (it went to another API instance, or its
 * delivery was retried): kept until `created` makes the record, then applied to it.
 */
export async function holdEarlyEvent(
  tx: SqlClient,
  event: CallEvent,
  receivedAt: Date,
): Promise<'held' | 'duplicate'> {
  const inserted = await tx.query(
    `insert into early_call_events (event_id, call_id, type, at, received_at, body)
     values ($1, $2, $3, $4, $5, $6) on conflict (event_id) do nothing`,
    [event.eventId, event.callId, event.type, event.at, receivedAt, JSON.stringify(event)],
  );
  return inserted.affectedRows === 0 ? 'duplicate' : 'held';
}

/** The call's held events, taken out of the waiting table (applied in any order alike). */
export async function takeEarlyEvents(
  tx: SqlClient,
  callId: string,
): Promise<{ event: CallEvent; receivedAt: Date }[]> {
  const { rows } = await tx.query<{ body: CallEvent; received_at: Date }>(
    'delete from early_call_events where call_id = $1 returning body, received_at',
    [callId],
  );
  // Validated when it arrived; stored as it came.
  return rows.map((row) => ({ event: row.body, receivedAt: new Date(row.received_at) }));
}

/** Held events whose call never came (its `created` was lost) are forgotten after a while. */
export async function forgetEarlyEvents(db: SqlClient, receivedBefore: Date): Promise<void> {
  await db.query('delete from early_call_events where received_at < $1', [receivedBefore]);
}

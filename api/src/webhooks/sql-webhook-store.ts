import { randomUUID } from 'node:crypto';
import type { WebhookEventType } from '../../../protocol/api/webhook-events.ts';
import { optional, optionalDate } from '../storage/row-mapping.ts';
import type { SqlClient } from '../storage/sql-client.ts';
import type {
  ClaimedDelivery,
  WebhookDeliveryRow,
  WebhookDeliveryStatus,
  WebhookStore,
} from './webhook-store.ts';

// Claiming: the oldest due rows no other instance holds (SKIP LOCKED), their next try moved
// past the send (the lease) in the same statement. Another instance's claim running at the
// same time re-reads a row it waited on and finds it no longer due.
const claimSql = `
  with due as (
    select id from webhook_deliveries
    where status = 'pending' and next_attempt_at <= $1
    order by next_attempt_at limit $3 for update skip locked
  )
  update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = $2
  from due, webhook_events e
  where d.id = due.id and e.id = d.event_id
  returning d.id, d.event_id, d.site_id, d.endpoint_id, d.event_type, d.attempts, e.body`;

const toDeliveryRow = (row: Record<string, unknown>): WebhookDeliveryRow => ({
  id: row.id as string,
  eventId: row.event_id as string,
  siteId: row.site_id as string,
  endpointId: row.endpoint_id as string,
  eventType: row.event_type as WebhookEventType,
  status: row.status as WebhookDeliveryStatus,
  attempts: row.attempts as number,
  createdAt: new Date(row.created_at as Date),
  nextAttemptAt: optionalDate(row.next_attempt_at),
  lastAttemptAt: optionalDate(row.last_attempt_at),
  lastStatusCode: optional(row.last_status_code as number | null),
  lastError: optional(row.last_error as string | null),
  deliveredAt: optionalDate(row.delivered_at),
});

export function sqlWebhookStore(db: SqlClient): WebhookStore {
  return {
    fanOutWebhookEvents: (subscribers, at, limit) =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string; site_id: string; type: WebhookEventType }>(
          `select id, site_id, type from webhook_events where fanned_out_at is null
           order by created_at limit $1 for update skip locked`,
          [limit],
        );
        for (const event of rows) {
          const endpoints = subscribers(event.site_id, event.type);
          if (endpoints.length === 0) {
            // Nobody wants it: nothing of it (a callback's number) stays behind.
            await tx.query('delete from webhook_events where id = $1', [event.id]);
            continue;
          }
          for (const endpointId of endpoints) {
            await tx.query(
              `insert into webhook_deliveries (id, event_id, site_id, endpoint_id, event_type,
                 status, next_attempt_at, created_at)
               values ($1, $2, $3, $4, $5, 'pending', $6, $6)
               on conflict (event_id, endpoint_id) do nothing`,
              [randomUUID(), event.id, event.site_id, endpointId, event.type, at],
            );
          }
          await tx.query('update webhook_events set fanned_out_at = $2 where id = $1', [
            event.id,
            at,
          ]);
        }
        return rows.length;
      }),
    async claimWebhookDeliveries(now, leaseUntil, limit) {
      const { rows } = await db.query(claimSql, [now, leaseUntil, limit]);
      return rows.map((row): ClaimedDelivery => ({
        id: row.id as string,
        eventId: row.event_id as string,
        siteId: row.site_id as string,
        endpointId: row.endpoint_id as string,
        eventType: row.event_type as WebhookEventType,
        attempt: row.attempts as number,
        body: row.body as string,
      }));
    },
    recordWebhookAttempt: (delivery, result) =>
      db.transaction(async (tx) => {
        await tx.query(
          `insert into webhook_attempts (delivery_id, attempt, started_at, duration_ms,
             status_code, error)
           values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
          [
            delivery.id,
            delivery.attempt,
            result.startedAt,
            Math.round(result.durationMs),
            result.statusCode ?? null,
            result.error ?? null,
          ],
        );
        const status: WebhookDeliveryStatus = result.delivered
          ? 'delivered'
          : result.nextAttemptAt
            ? 'pending'
            : 'failed';
        // Only while the claim is still this one's: a lease that ran out (a send slower than
        // the lease) let another attempt start, whose outcome then decides.
        await tx.query(
          `update webhook_deliveries set status = $3, next_attempt_at = $4, last_attempt_at = $5,
             last_status_code = $6, last_error = $7,
             delivered_at = case when $3 = 'delivered' then $8::timestamptz else null end
           where id = $1 and attempts = $2 and status = 'pending'`,
          [
            delivery.id,
            delivery.attempt,
            status,
            status === 'pending' ? (result.nextAttemptAt ?? null) : null,
            result.startedAt,
            result.statusCode ?? null,
            result.error ?? null,
            new Date(result.startedAt.getTime() + result.durationMs),
          ],
        );
      }),
    async listWebhookDeliveries(filter) {
      const params: unknown[] = [];
      const where = filter.siteId ? `where site_id = $${params.push(filter.siteId)}` : '';
      const { rows } = await db.query(
        `select * from webhook_deliveries ${where}
         order by created_at desc, id limit ${Math.min(filter.limit ?? 200, 1000)}`,
        params,
      );
      return rows.map(toDeliveryRow);
    },
    async forgetWebhookEvents(createdBefore) {
      const deleted = await db.query('delete from webhook_events where created_at < $1', [
        createdBefore,
      ]);
      return deleted.affectedRows;
    },
  };
}

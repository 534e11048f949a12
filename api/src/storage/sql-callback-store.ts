import type { CallbackOrigin, CallbackStatus } from '../../../protocol/api/callback-request.ts';
import type { CallbackRequestRow, CallbackStore } from './repository.ts';
import { optional, optionalDate } from './row-mapping.ts';
import type { SqlClient } from './sql-client.ts';
import { queueCallbackEvent } from './webhook-outbox.ts';

export function toCallbackRow(row: Record<string, unknown>): CallbackRequestRow {
  return {
    id: row.id as string,
    siteId: row.site_id as string,
    phone: optional(row.phone as string | null),
    queue: (row.queue as string | null) ?? null,
    routing: {
      intent: row.intent as string,
      language: row.language as string,
      country: row.country as string,
    },
    windowFrom: optionalDate(row.window_from),
    windowTo: optionalDate(row.window_to),
    consentAt: new Date(row.consent_at as Date),
    callId: optional(row.call_id as string | null),
    origin: optional(row.origin as CallbackOrigin | null),
    createdAt: new Date(row.created_at as Date),
    status: row.status as CallbackStatus,
    statusBy: optional(row.status_by as string | null),
    statusAt: optionalDate(row.status_at),
    personalDataErasedAt: optionalDate(row.personal_data_erased_at),
  };
}

export function sqlCallbackStore(db: SqlClient): CallbackStore {
  return {
    async insertCallbackRequest(request) {
      // The request and its webhook event are stored together, or neither.
      const inserted = await db.transaction(async (tx) => {
        const result = await tx.query(
          `insert into callback_requests (id, site_id, idempotency_key, request_hash, phone, queue,
           intent, language, country, window_from, window_to, consent_at, call_id, origin,
           created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         on conflict (site_id, idempotency_key) do nothing returning *`,
          [
            request.id,
            request.siteId,
            request.idempotencyKey,
            request.requestHash,
            request.phone,
            request.queue,
            request.routing.intent,
            request.routing.language,
            request.routing.country,
            request.windowFrom ?? null,
            request.windowTo ?? null,
            request.consentAt,
            request.callId ?? null,
            request.origin ?? null,
            request.createdAt,
          ],
        );
        if (result.rows[0]) await queueCallbackEvent(tx, toCallbackRow(result.rows[0]));
        return result;
      });
      if (inserted.rows[0]) return { kind: 'created', value: toCallbackRow(inserted.rows[0]) };
      const { rows } = await db.query(
        'select * from callback_requests where site_id = $1 and idempotency_key = $2',
        [request.siteId, request.idempotencyKey],
      );
      const earlier = rows[0];
      if (earlier?.request_hash === request.requestHash) {
        return { kind: 'replayed', value: toCallbackRow(earlier) };
      }
      return { kind: 'key_conflict' };
    },
    async listCallbackRequests(filter) {
      const conditions: string[] = [];
      const params: unknown[] = [];
      if (filter.siteId) conditions.push(`site_id = $${params.push(filter.siteId)}`);
      if (filter.status) conditions.push(`status = $${params.push(filter.status)}`);
      const { rows } = await db.query(
        `select * from callback_requests ${conditions.length ? `where ${conditions.join(' and ')}` : ''}
         order by created_at desc, id limit ${Math.min(filter.limit ?? 500, 5000)}`,
        params,
      );
      return rows.map(toCallbackRow);
    },
    async setCallbackStatus(id, status, by, at) {
      // An erased request keeps the status it had: there is no one left to call, and a name
      // set now would be personal data after its time.
      const result = await db.query(
        `update callback_requests set status = $2, status_by = $3, status_at = $4
         where id = $1 and personal_data_erased_at is null`,
        [id, status, by, at],
      );
      return result.affectedRows > 0;
    },
    async countCallbackRequests() {
      const { rows } = await db.query<{ n: number }>(
        'select count(*)::int as n from callback_requests',
      );
      return rows[0]?.n ?? 0;
    },
    async callbackSite(id) {
      const { rows } = await db.query<{ site_id: string }>(
        'select site_id from callback_requests where id = $1',
        [id],
      );
      return rows[0]?.site_id;
    },
  };
}

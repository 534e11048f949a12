import { sqlGatewayNodeStore } from '../gateways/sql-gateway-node-store.ts';
import type { QueueSummaryRow, Repository } from './repository.ts';
import { sqlAuditStore } from './sql-audit-store.ts';
import { sqlCallReviewStore } from './sql-call-review.ts';
import { sqlCallStore } from './sql-call-store.ts';
import { sqlCallbackReviewStore } from './sql-callback-review.ts';
import { sqlCallbackStore } from './sql-callback-store.ts';
import type { SqlClient } from './sql-client.ts';
import type { LimitStore } from '../abuse/limit-store.ts';
import { sqlLimitStore } from './sql-limit-store.ts';
import { erasePersonalData } from './personal-data-retention.ts';
import { sqlQueueWait } from './sql-queue-wait.ts';
import { sqlRatingStore } from './sql-rating-store.ts';
import { sqlWebhookStore } from '../webhooks/sql-webhook-store.ts';
import { sqlWorklistStore } from './sql-worklist-store.ts';

/**
 * The one Repository implementation, over PGlite or PostgreSQL alike. The limits are in the
 * database (shared by the API instances on it) unless given: the embedded store keeps them in
 * memory (open-repository.ts).
 */
export function sqlRepository(db: SqlClient, limits: LimitStore = sqlLimitStore(db)): Repository {
  return {
    ...sqlCallStore(db),
    ...sqlRatingStore(db),
    ...sqlCallbackStore(db),
    ...sqlCallbackReviewStore(db),
    ...sqlWorklistStore(db),
    ...sqlCallReviewStore(db),
    ...sqlGatewayNodeStore(db),
    ...sqlWebhookStore(db),
    ...sqlAuditStore(db),
    ...sqlQueueWait(db),
    ...limits,
    async queueSummary(filter) {
      const params: unknown[] = [];
      const conditions: string[] = [];
      if (filter.siteId) conditions.push(`c.site_id = $${params.push(filter.siteId)}`);
      if (filter.siteIds)
        conditions.push(`c.site_id = any($${params.push([...filter.siteIds])}::text[])`);
      if (filter.from) conditions.push(`c.created_at >= $${params.push(filter.from)}`);
      if (filter.to) conditions.push(`c.created_at < $${params.push(filter.to)}`);
      const { rows } = await db.query<Record<string, unknown>>(
        `select c.site_id, c.queue,
           count(*)::int as calls,
           count(c.answered_at)::int as answered,
           count(*) filter (where c.status = 'ended' and c.answered_at is null)::int as abandoned,
           avg(r.stars)::float8 as average_stars,
           avg(c.duration_s) filter (where c.answered_at is not null)::float8 as average_handle_time_s
         from calls c left join ratings r on r.call_id = c.id
         ${conditions.length > 0 ? `where ${conditions.join(' and ')}` : ''}
         group by c.site_id, c.queue order by c.site_id, c.queue`,
        params,
      );
      return rows.map((row): QueueSummaryRow => ({
        siteId: row.site_id as string,
        queue: row.queue as string,
        calls: row.calls as number,
        answered: row.answered as number,
        abandoned: row.abandoned as number,
        averageStars: (row.average_stars as number | null) ?? null,
        averageHandleTimeS: (row.average_handle_time_s as number | null) ?? null,
      }));
    },
    async getUser(username) {
      const { rows } = await db.query<{
        username: string;
        password_hash: string;
        totp_secret: string | null;
      }>('select username, password_hash, totp_secret from supervisor_users where username = $1', [
        username,
      ]);
      const row = rows[0];
      if (!row) return undefined;
      return {
        username: row.username,
        passwordHash: row.password_hash,
        ...(row.totp_secret !== null && { totpSecret: row.totp_secret }),
      };
    },
    async upsertUser(user) {
      await db.query(
        `insert into supervisor_users (username, password_hash, totp_secret, created_at)
         values ($1, $2, $3, now())
         on conflict (username) do update
           set password_hash = excluded.password_hash, totp_secret = excluded.totp_secret,
             totp_last_step = null`,
        [user.username, user.passwordHash, user.totpSecret ?? null],
      );
    },
    async claimTotpStep(username, step) {
      // One statement: of two sign-ins racing with the same code, one wins.
      const { rows } = await db.query(
        `update supervisor_users set totp_last_step = $2
         where username = $1 and (totp_last_step is null or totp_last_step < $2)
         returning username`,
        [username, step],
      );
      return rows.length === 1;
    },
    erasePersonalData: (createdBefore, at) => erasePersonalData(db, createdBefore, at),
    async ping() {
      await db.query('select 1');
    },
    close: () => db.close(),
  };
}

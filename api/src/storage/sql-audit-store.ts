import type { AuditStore } from '../audit/audit-log.ts';
import type { SqlClient } from './sql-client.ts';

// Optional columns: absent from the entry when null.
const text = (key: string, value: unknown) => (typeof value === 'string' ? { [key]: value } : {});

export function sqlAuditStore(db: SqlClient): AuditStore {
  return {
    async recordAudit(entry) {
      await db.query(
        `insert into audit_log (at, actor, action, outcome, method, subject, site_id, detail)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          entry.at,
          entry.actor.slice(0, 128),
          entry.action,
          entry.outcome,
          entry.method ?? null,
          entry.subject ?? null,
          entry.siteId ?? null,
          entry.detail?.slice(0, 200) ?? null,
        ],
      );
    },
    async listAudit({ limit }) {
      const { rows } = await db.query<Record<string, unknown>>(
        `select id, at, actor, action, outcome, method, subject, site_id, detail
         from audit_log order by id desc limit $1`,
        [limit],
      );
      return rows.map((row) => ({
        id: Number(row.id),
        at: new Date(row.at as string | Date),
        actor: row.actor as string,
        action: row.action as string,
        outcome: row.outcome as 'success' | 'failure',
        ...text('method', row.method),
        ...text('subject', row.subject),
        ...text('siteId', row.site_id),
        ...text('detail', row.detail),
      }));
    },
  };
}

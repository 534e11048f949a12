import type { QueueWaitHistory } from '../calls/expected-wait.ts';
import type { Repository } from './repository.ts';
import type { SqlClient } from './sql-client.ts';

/**
 * The queue's web calls since `since` that the expected wait is estimated from: those
 * answered (how long each rang: from ringing, or from its creation when no ringing came, to
 * the answer) and those ringing now. A call still ringing from before `since` is a record
 * whose end never came, not a caller.
 */
export function sqlQueueWait(db: SqlClient): Pick<Repository, 'queueWaitHistory'> {
  return {
    async queueWaitHistory(siteId, queue, since): Promise<QueueWaitHistory> {
      const { rows } = await db.query<{
        id: string;
        status: string;
        ringing_at: Date | null;
        answered_at: Date | null;
        ended_at: Date | null;
        wait_s: number | null;
      }>(
        `select id, status, ringing_at, answered_at, ended_at,
           extract(epoch from answered_at - coalesce(ringing_at, created_at))::float8 as wait_s
         from calls
         where site_id = $1 and queue = $2 and created_at >= $3
           and (answered_at is not null or status = 'ringing')
         order by ringing_at, created_at, id`,
        [siteId, queue, since],
      );
      const history: QueueWaitHistory = { answered: [], waiting: [] };
      for (const row of rows) {
        if (row.answered_at) {
          history.answered.push({
            waitS: Math.max(0, row.wait_s ?? 0),
            answeredAt: new Date(row.answered_at),
            ...(row.ended_at ? { endedAt: new Date(row.ended_at) } : {}),
          });
        } else if (row.ringing_at) {
          history.waiting.push({ callId: row.id, ringingAt: new Date(row.ringing_at) });
        }
      }
      return history;
    },
  };
}

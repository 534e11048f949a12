import type {
  AdmissionDecision,
  CallHold,
  LimitStore,
  RateDecision,
  RateLimit,
} from '../abuse/limit-store.ts';
import {
  admitBatchParams,
  admitBatchSql,
  checkDistinctKeys,
  type AdmissionRequest,
  type AdmissionRow,
} from './limit-admission-batch.ts';
import type { SqlClient } from './sql-client.ts';

interface Waiting extends AdmissionRequest {
  resolve: (row: AdmissionRow) => void;
  reject: (error: unknown) => void;
}

// Requests per batch at most, so one statement's arrays stay small.
const maxBatch = 256;
// Keys looked at per sweep statement, and statements per sweep: a backlog clears over a few
// sweeps rather than in one long transaction.
const sweepBatch = 500;
const sweepRounds = 20;

/**
 * The limits in the database, through the functions of shared-limits-migration.ts: atomic
 * across API instances. Requests go to the database in batches, one batch in flight at a
 * time: those that arrive meanwhile go together in the next, decided in order in one
 * statement. A lone request goes at the end of its event-loop turn; under load the database
 * works per batch rather than per token (in PGlite the statement, not the decision, is most
 * of the cost).
 */
export function sqlLimitStore(db: SqlClient): LimitStore {
  let queued: Waiting[] = [];
  let inFlight = false;
  let scheduled = false;

  const sendNext = (): void => {
    scheduled = false;
    if (inFlight || queued.length === 0) return;
    const batch = queued.slice(0, maxBatch);
    queued = queued.slice(batch.length);
    inFlight = true;
    db.query<AdmissionRow>(admitBatchSql, admitBatchParams(batch))
      .then(({ rows }) => {
        if (rows.length !== batch.length) {
          throw new Error(`limits_admit_batch answered ${rows.length} of ${batch.length}`);
        }
        batch.forEach((request, i) => request.resolve(rows[i]!));
      })
      .catch((error: unknown) => {
        for (const request of batch) request.reject(error);
      })
      .finally(() => {
        inFlight = false;
        sendNext();
      });
  };

  const admit = (request: AdmissionRequest): Promise<AdmissionRow> =>
    new Promise((resolve, reject) => {
      checkDistinctKeys(request.holds);
      queued.push({ ...request, resolve, reject });
      if (!scheduled && !inFlight) {
        scheduled = true;
        setImmediate(sendNext);
      }
    });

  return {
    async takeRates(limits: readonly RateLimit[], now: Date): Promise<RateDecision> {
      const row = await admit({ callId: null, holds: [], rates: limits, now });
      const refused = row.refused_rate === null ? undefined : limits[row.refused_rate - 1];
      if (!refused) return { allowed: true };
      return { allowed: false, retryAfterS: row.retry_after_s ?? 60, label: refused.label };
    },
    async admitCall<Hold extends CallHold>(
      callId: string,
      holds: readonly Hold[],
      rates: readonly RateLimit[],
      now: Date,
    ): Promise<AdmissionDecision<Hold>> {
      const row = await admit({ callId, holds, rates, now });
      const fullHold = row.full_hold === null ? undefined : holds[row.full_hold - 1];
      if (fullHold) return { admitted: false, fullHold };
      const refusedRate = row.refused_rate === null ? undefined : rates[row.refused_rate - 1];
      if (refusedRate) {
        return { admitted: false, refusedRate, retryAfterS: row.retry_after_s ?? 60 };
      }
      return { admitted: true };
    },
    async releaseCall(callId, which) {
      await db.query('select limits_release($1, $2)', [callId, which === 'all']);
    },
    async extendCall(callId, until) {
      await db.query('select limits_extend($1, $2)', [callId, until]);
    },
    async sweepLimits(now) {
      for (let round = 0; round < sweepRounds; round++) {
        const { rows } = await db.query<{ keys: number }>('select limits_sweep($1, $2) as keys', [
          now,
          sweepBatch,
        ]);
        if ((rows[0]?.keys ?? 0) === 0) return;
      }
    },
  };
}

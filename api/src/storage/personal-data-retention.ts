import type { ErasedPersonalData } from './repository.ts';
import type { SqlClient } from './sql-client.ts';

/**
 * Erasing personal data past its retention (API_RETENTION_DAYS; docs/data-protection.md).
 * A row's personal fields are overwritten and `personal_data_erased_at` stamped; the facts
 * supervisors count (stars, queue, routing, timings, a callback's status) stay.
 *
 * Each statement takes a batch of the oldest rows still to erase with FOR UPDATE SKIP LOCKED:
 * API instances sweeping the same PostgreSQL at once take different rows, and a row erased
 * leaves the partial index its batch is read from (migrations.ts), so it is never taken again.
 */

// Rows per statement, and statements per table per sweep: a backlog (the first sweep after
// an upgrade) clears over a few sweeps rather than in one long statement.
const defaultBatchSize = 500;
const rounds = 20;

// The agent's display name goes from the call and from the `answered` event stored with it;
// from an abandoned call's worklist entry, who worked it and the notes on it.
const eraseCallsSql = `
  with due as (
    select id from calls where personal_data_erased_at is null and created_at < $1
    order by created_at limit $3 for update skip locked
  ), erased as (
    update calls c set agent_name = null, personal_data_erased_at = $2
    from due where c.id = due.id returning c.id
  ), work as (
    update abandoned_call_work w set status_by = null, assignee = null, notes = null
    from erased where w.call_id = erased.id
  ), events as (
    update call_events e set body = e.body - 'agentName'
    from erased where e.call_id = erased.id and e.type = 'answered' and e.body ? 'agentName'
  )
  select count(*)::int as erased, 0 as open from erased`;

const eraseRatingsSql = `
  with due as (
    select id from ratings where personal_data_erased_at is null and created_at < $1
    order by created_at limit $3 for update skip locked
  ), erased as (
    update ratings r set comment = '', personal_data_erased_at = $2
    from due where r.id = due.id returning r.id
  )
  select count(*)::int as erased, 0 as open from erased`;

// Open or not: the visitor consented to a call back soon, not months later. The status stays,
// so a request nobody handled in time still counts as one; who handled or took it (a
// supervisor's name) and the notes on it go with the rest.
const eraseCallbacksSql = `
  with due as (
    select id from callback_requests where personal_data_erased_at is null and created_at < $1
    order by created_at limit $3 for update skip locked
  ), erased as (
    update callback_requests c set phone = null, window_from = null, window_to = null,
      status_by = null, assignee = null, notes = null, personal_data_erased_at = $2
    from due where c.id = due.id returning c.status
  )
  select count(*)::int as erased,
    (count(*) filter (where status not in ('done', 'unreachable')))::int as open
  from erased`;

async function eraseInBatches(
  db: SqlClient,
  sql: string,
  [createdBefore, at, batchSize]: [Date, Date, number],
): Promise<{ erased: number; open: number }> {
  const total = { erased: 0, open: 0 };
  for (let round = 0; round < rounds; round++) {
    const { rows } = await db.query<{ erased: number; open: number }>(sql, [
      createdBefore,
      at,
      batchSize,
    ]);
    const batch = rows[0] ?? { erased: 0, open: 0 };
    total.erased += batch.erased;
    total.open += batch.open;
    if (batch.erased < batchSize) break;
  }
  return total;
}

/** Erases the personal data of rows created before `createdBefore`, stamped `at`. */
export async function erasePersonalData(
  db: SqlClient,
  createdBefore: Date,
  at: Date,
  batchSize = defaultBatchSize,
): Promise<ErasedPersonalData> {
  const params: [Date, Date, number] = [createdBefore, at, batchSize];
  const calls = await eraseInBatches(db, eraseCallsSql, params);
  const ratings = await eraseInBatches(db, eraseRatingsSql, params);
  const callbacks = await eraseInBatches(db, eraseCallbacksSql, params);
  return {
    calls: calls.erased,
    ratings: ratings.erased,
    callbacks: callbacks.erased,
    openCallbacks: callbacks.open,
  };
}

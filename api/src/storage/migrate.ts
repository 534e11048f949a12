import type { SqlClient } from './sql-client.ts';
import { migrations } from './migrations.ts';

// Any fixed number: every API instance starting against the same PostgreSQL takes this lock,
// so two of them never apply the same step at once.
const migrationLock = 4_041_2026;

/** Applies the steps not yet applied, each in its own transaction; returns how many ran. */
export async function migrate(
  db: SqlClient,
  steps: readonly string[] = migrations,
): Promise<number> {
  // Under the lock too: PostgreSQL's `create table if not exists` is not safe against itself,
  // so two instances starting at once on a fresh database would otherwise race to create the
  // table's row type and one would exit (duplicate key in pg_type_typname_nsp_index).
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [migrationLock]);
    await tx.exec(
      `create table if not exists schema_migrations (
         version integer primary key,
         applied_at timestamptz not null default now()
       )`,
    );
  });
  let applied = 0;
  for (const [index, sql] of steps.entries()) {
    const version = index + 1;
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [migrationLock]);
      const done = await tx.query('select 1 from schema_migrations where version = $1', [version]);
      if (done.rows.length > 0) return false;
      await tx.exec(sql);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      return true;
    });
    if (ran) applied += 1;
  }
  return applied;
}

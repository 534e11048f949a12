// PGlite in the test's own thread: the storage suite's fastest backend, and the template
// every test API copies its database from. The API itself runs PGlite in a thread of its own
// (api/src/storage/pglite-thread-client.ts), so none of this is production code.
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient, SqlResult } from '../../../api/src/storage/sql-client.ts';

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(db: Queryable, root: PGlite | undefined): SqlClient {
  return {
    async query<Row>(sql: string, params: unknown[] = []): Promise<SqlResult<Row>> {
      const result = await db.query<Row>(sql, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      if (!root) throw new Error('PGlite does not nest transactions');
      return root.transaction((tx) => work(wrap(tx, undefined)));
    },
    async close(): Promise<void> {
      await root?.close();
    },
  };
}

/**
 * An in-memory database; `template`, a dump from `dumpPglite`, starts it from a copy instead
 * of running initdb (seconds faster).
 */
export async function openPgliteClient(template?: Blob): Promise<SqlClient> {
  const db = await PGlite.create(template ? { loadDataDir: template } : {});
  return wrap(db, db);
}

/** An in-memory database set up by `prepare`, dumped as a template for openPgliteClient. */
export async function dumpPglite(prepare: (db: SqlClient) => Promise<unknown>): Promise<Blob> {
  const db = await PGlite.create();
  try {
    await prepare(wrap(db, db));
    return await db.dumpDataDir('none');
  } finally {
    await db.close();
  }
}

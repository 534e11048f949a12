import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient, SqlResult } from './sql-client.ts';

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
 * The embedded store: PostgreSQL compiled to WebAssembly, in this process. `dataDir` keeps
 * the data on disk; without it the database lives in memory (tests). `template`, a dump from
 * `dumpPglite`, starts it from a copy instead of running initdb (seconds faster).
 */
export async function openPgliteClient(dataDir?: string, template?: Blob): Promise<SqlClient> {
  const db = await startPglite(dataDir, template);
  return wrap(db, db);
}

/** PGlite itself, its data directory created first (PGlite creates only the last folder). */
export async function startPglite(dataDir?: string, template?: Blob): Promise<PGlite> {
  if (dataDir && !dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  return PGlite.create(dataDir, template ? { loadDataDir: template } : {});
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

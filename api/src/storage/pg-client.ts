import pg from 'pg';
import type { SqlClient, SqlResult } from './sql-client.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

function toResult<Row>(result: pg.QueryResult): SqlResult<Row> {
  return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
}

function wrapClient(db: Queryable): SqlClient {
  return {
    query: async <Row>(sql: string, params: unknown[] = []) =>
      toResult<Row>(await db.query(sql, params)),
    exec: async (sql) => {
      await db.query(sql);
    },
    transaction: () => Promise.reject(new Error('PostgreSQL transactions do not nest here')),
    close: async () => {},
  };
}

/** PostgreSQL through a `pg` connection pool (`DATABASE_URL`). */
export interface PgClientOptions {
  maxConnections?: number;
  /** Told when an idle pooled connection fails (e.g. the server restarted). */
  onIdleError?: (error: Error) => void;
}

export async function openPgClient(
  connectionString: string,
  {
    maxConnections = 10,
    onIdleError = (error) => process.emitWarning(error),
  }: PgClientOptions = {},
): Promise<SqlClient> {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // Fail at start-up, naming the cause, rather than on the first visitor's request.
  await pool.query('select 1');
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', onIdleError);
  return {
    ...wrapClient(pool),
    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(wrapClient(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

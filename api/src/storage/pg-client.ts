import pg from 'pg';
import { classifyDatabaseError } from './pg-connection-loss.ts';
import type { SqlClient, SqlResult } from './sql-client.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

function toResult<Row>(result: pg.QueryResult): SqlResult<Row> {
  return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
}

// Every failure leaves through here: a lost connection becomes DatabaseUnavailableError.
const rethrowClassified = (error: unknown): never => {
  throw classifyDatabaseError(error);
};

function wrapClient(db: Queryable): SqlClient {
  return {
    query: async <Row>(sql: string, params: unknown[] = []) =>
      toResult<Row>(await db.query(sql, params).catch(rethrowClassified)),
    exec: async (sql) => {
      await db.query(sql).catch(rethrowClassified);
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
  /**
   * How long to wait for a new connection: a server that does not answer (a dropped route, a
   * hung failover) fails requests with 503 after this, rather than holding them.
   */
  connectTimeoutMs?: number;
}

export async function openPgClient(
  connectionString: string,
  {
    maxConnections = 10,
    onIdleError = (error) => process.emitWarning(error),
    connectTimeoutMs = 5000,
  }: PgClientOptions = {},
): Promise<SqlClient> {
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    connectionTimeoutMillis: connectTimeoutMs,
    // A connection whose server vanished without a word (a failover, a cut) is found dead by
    // TCP keep-alive, not left to hang the next request.
    keepAlive: true,
  });
  // Fail at start-up, naming the cause, rather than on the first visitor's request.
  await pool.query('select 1');
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', onIdleError);
  return {
    ...wrapClient(pool),
    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      const client = await pool.connect().catch(rethrowClassified);
      // The pool listens for a client's errors only while it is idle: one that loses its
      // server between two statements here would otherwise throw an unhandled 'error'.
      let lost: Error | undefined;
      const onLost = (error: Error) => (lost = error);
      client.on('error', onLost);
      try {
        await client.query('begin').catch(rethrowClassified);
        const result = await work(wrapClient(client));
        await client.query('commit').catch(rethrowClassified);
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.removeListener('error', onLost);
        // A client whose connection broke leaves the pool instead of going back to it.
        client.release(lost);
      }
    },
    close: () => pool.end(),
  };
}

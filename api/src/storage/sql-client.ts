/**
 * The little SQL the repositories need, so one implementation serves both the embedded
 * PGlite and a PostgreSQL server through `pg`. Parameters are `$1, $2, ...` on both.
 */
export interface SqlResult<Row> {
  rows: Row[];
  /** Rows an INSERT/UPDATE/DELETE touched. */
  affectedRows: number;
}

export interface SqlClient {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<Row>>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

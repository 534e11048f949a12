// PostgreSQL restarting under a running API: every query meanwhile fails as
// database_unavailable (never a crash, never a hang), and the same pool serves again once the
// server is back, without the API restarting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startPostgresCluster,
  type PostgresCluster,
} from '../../../tests/support/api/postgres-cluster.ts';
import { DatabaseUnavailableError } from '../errors.ts';
import { openPgClient } from './pg-client.ts';
import type { SqlClient } from './sql-client.ts';

let cluster: PostgresCluster;
let db: SqlClient;
const idleErrors: Error[] = [];
beforeAll(async () => {
  cluster = await startPostgresCluster({ crashSafe: true });
  db = await openPgClient(cluster.url, { onIdleError: (error) => idleErrors.push(error) });
}, 60_000);
afterAll(async () => {
  await db?.close();
  await cluster?.stop();
});

const unavailable = { code: 'database_unavailable', status: 503 };
const one = async (client: SqlClient) =>
  (await client.query<{ n: number }>('select 1 as n')).rows[0]?.n;

describe('openPgClient while PostgreSQL restarts', () => {
  it('fails queries and transactions as database_unavailable, then serves again on its own', async () => {
    // Several connections in the pool, idle when the server goes.
    await Promise.all(Array.from({ length: 4 }, () => one(db)));
    await cluster.stopServer();
    try {
      const query = db.query('select 1');
      await expect(query).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(query).rejects.toMatchObject(unavailable);
      await expect(db.transaction((tx) => tx.query('select 1'))).rejects.toMatchObject(unavailable);
    } finally {
      await cluster.startServer();
    }
    expect(await one(db)).toBe(1);
    expect(await db.transaction(one)).toBe(1);
    // The idle connections the server cut were reported, not thrown.
    expect(idleErrors.length).toBeGreaterThan(0);
  });

  it('fails a transaction whose server goes between two statements, and keeps no broken connection', async () => {
    const transaction = db.transaction(async (tx) => {
      await tx.query('select 1');
      await cluster.stopServer();
      return tx.query('select 1');
    });
    await expect(transaction).rejects.toMatchObject(unavailable);
    await cluster.startServer();
    // Every pooled connection works: the broken one left the pool.
    const results = await Promise.all(
      Array.from({ length: 10 }, () => db.transaction(async (tx) => one(tx))),
    );
    expect(results).toEqual(Array(10).fill(1));
  });

  it('leaves errors in the statement itself as they are', async () => {
    const error = await db.query('select * from no_such_table').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ code: '42P01' });
  });
});

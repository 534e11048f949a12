// What the embedded store's thread adds over PGlite itself: transactions that span messages,
// errors that keep their PostgreSQL code, order, and a clean close. The repository cases run
// on it in sql-repository.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteThreadClient } from './pglite-thread-client.ts';
import type { SqlClient } from './sql-client.ts';

let db: SqlClient;
beforeAll(async () => {
  db = await openPgliteThreadClient();
  await db.exec('create table items (id integer primary key, label text)');
}, 60_000);
afterAll(() => db?.close());

const labels = async () =>
  (await db.query<{ label: string }>('select label from items order by id')).rows.map(
    (row) => row.label,
  );

describe('PGlite in its own thread', () => {
  it('commits a transaction whole, and keeps other statements out until it ends', async () => {
    let outsideDone = false;
    let outside: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('insert into items values ($1, $2)', [1, 'first']);
      // Sent while the transaction is open: it must run after the commit, not inside.
      outside = db.query('select count(*)::int as n from items').then((result) => {
        outsideDone = true;
        return result.rows[0];
      });
      await tx.query('insert into items values ($1, $2)', [2, 'second']);
      expect(outsideDone).toBe(false);
    });
    expect(await outside).toEqual({ n: 2 });
    expect(await labels()).toEqual(['first', 'second']);
  });

  it('rolls back everything a failed transaction did, and passes its error on', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into items values ($1, $2)', [3, 'third']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into items values ($1, $2)', [4, 'fourth']);
        await tx.query('insert into items values ($1, $2)', [1, 'duplicate']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await labels()).toEqual(['first', 'second']);
  });

  it('keeps the PostgreSQL error code and message of a failed statement', async () => {
    const error = await db.query('insert into items values (1, $1)', ['again']).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', constraint: 'items_pkey' });
    expect(error.message).toMatch(/duplicate key/);
  });

  it('refuses work once closed, instead of hanging', async () => {
    const closing = await openPgliteThreadClient();
    await closing.close();
    await expect(closing.query('select 1')).rejects.toThrow(/exited/);
  });
});

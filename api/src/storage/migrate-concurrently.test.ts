// API instances of one deployment starting at once against a fresh PostgreSQL (a rollout, a
// node restart): each migrates before it serves, and none may fail for the others doing so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startPostgresCluster,
  type PostgresCluster,
} from '../../../tests/support/api/postgres-cluster.ts';
import { migrate } from './migrate.ts';
import { migrations } from './migrations.ts';
import { openPgClient } from './pg-client.ts';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(() => cluster?.stop());

// The race was on the first statement, in a window of milliseconds: several fresh databases
// make a lucky pass unlikely (6 in 10 failed before the fix).
const freshDatabases = 8;

describe('migrate, two instances at once on a fresh PostgreSQL', () => {
  it('succeeds for both, and applies every step exactly once', async () => {
    const admin = await openPgClient(cluster.url);
    try {
      for (let n = 0; n < freshDatabases; n++) {
        await admin.exec(`create database fresh_${n}`);
        const url = cluster.url.replace(/\/postgres$/, `/fresh_${n}`);
        const instances = [await openPgClient(url), await openPgClient(url)];
        try {
          const applied = await Promise.all(instances.map((db) => migrate(db)));
          expect(applied[0]! + applied[1]!).toBe(migrations.length);
          const versions = await instances[0]!.query<{ version: number }>(
            'select version from schema_migrations order by version',
          );
          expect(versions.rows.map((row) => row.version)).toEqual(
            migrations.map((_, index) => index + 1),
          );
        } finally {
          await Promise.all(instances.map((db) => db.close()));
        }
      }
    } finally {
      await admin.close();
    }
  }, 120_000);
});

// The databases the API runs on, for storage tests that must hold on each: PGlite in the
// test's thread, PGlite in a thread of its own (as the API runs it), and a PostgreSQL 15
// cluster from Debian started for the calling test file. On PostgreSQL a second repository
// with its own connection pool stands for a second API instance on the same database; an
// embedded store has one process, so there both names are the same repository.
import { afterAll, beforeAll } from 'vitest';
import { migrate } from '../../../api/src/storage/migrate.ts';
import { openPgClient } from '../../../api/src/storage/pg-client.ts';
import { openPgliteThreadClient } from '../../../api/src/storage/pglite-thread-client.ts';
import type { Repository } from '../../../api/src/storage/repository.ts';
import type { SqlClient } from '../../../api/src/storage/sql-client.ts';
import { sqlRepository } from '../../../api/src/storage/sql-repository.ts';
import { openPgliteClient } from './pglite-in-process.ts';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.ts';

export interface OpenStorage {
  db: SqlClient;
  /** API instance A's repository. */
  repo: Repository;
  /** API instance B's: its own pool on PostgreSQL, the same store on PGlite. */
  other: Repository;
  close(): Promise<void>;
}

export type StorageBackend = [name: string, open: () => Promise<OpenStorage>];

async function embedded(db: SqlClient): Promise<OpenStorage> {
  await migrate(db);
  const repo = sqlRepository(db);
  return { db, repo, other: repo, close: () => repo.close() };
}

/** Registers the file's PostgreSQL cluster (started before, stopped after its tests). */
export function useStorageBackends(): StorageBackend[] {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());
  return [
    ['PGlite', async () => embedded(await openPgliteClient())],
    ['PGlite in its own thread', async () => embedded(await openPgliteThreadClient())],
    [
      'PostgreSQL',
      async () => {
        if (!cluster) throw new Error('the PostgreSQL cluster did not start');
        const db = await openPgClient(cluster.url);
        await migrate(db);
        const repo = sqlRepository(db);
        const other = sqlRepository(await openPgClient(cluster.url));
        return {
          db,
          repo,
          other,
          close: async () => {
            await other.close();
            await repo.close();
          },
        };
      },
    ],
  ];
}

/**
 * The store `open` gives, for the calling describe: opened before its tests and closed after,
 * filled in place so the describe can hold it in a const.
 */
export function useOpenedStorage(open: () => Promise<OpenStorage>): OpenStorage {
  const storage = {} as OpenStorage;
  beforeAll(async () => {
    Object.assign(storage, await open());
  }, 60_000);
  afterAll(() => storage.close?.());
  return storage;
}

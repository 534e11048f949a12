import type { LimitStore } from '../abuse/limit-store.ts';
import { memoryLimitStore } from '../abuse/memory-limit-store.ts';
import { migrate } from './migrate.ts';
import { openPgClient } from './pg-client.ts';
import { openPgliteThreadClient } from './pglite-thread-client.ts';
import type { Repository } from './repository.ts';
import type { SqlClient } from './sql-client.ts';
import { sqlRepository } from './sql-repository.ts';

export interface StorageOptions {
  /** PostgreSQL connection string; when set, the embedded store is not used. */
  databaseUrl?: string;
  /** PGlite data directory; unset: in memory (tests). */
  dataDir?: string;
  onIdleError?: (error: Error) => void;
}

/** Opens the configured database, applies pending migrations and returns the repository. */
export async function openRepository(options: StorageOptions): Promise<Repository> {
  if (options.databaseUrl) {
    return repositoryOn(
      await openPgClient(options.databaseUrl, { onIdleError: options.onIdleError }),
    );
  }
  // PGlite opens in one process: one API instance, whose limits need no database.
  return repositoryOn(await openPgliteThreadClient(options.dataDir), memoryLimitStore());
}

/**
 * Applies pending migrations on an open database and returns its repository, with the limits
 * in the database unless `limits` are given.
 */
export async function repositoryOn(db: SqlClient, limits?: LimitStore): Promise<Repository> {
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return sqlRepository(db, limits);
}

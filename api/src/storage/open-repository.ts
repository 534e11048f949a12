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
  const db: SqlClient = options.databaseUrl
    ? await openPgClient(options.databaseUrl, { onIdleError: options.onIdleError })
    : await openPgliteThreadClient(options.dataDir);
  return repositoryOn(db);
}

/** Applies pending migrations on an open database and returns its repository. */
export async function repositoryOn(db: SqlClient): Promise<Repository> {
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return sqlRepository(db);
}

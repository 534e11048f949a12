import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';

/**
 * The embedded store: PostgreSQL compiled to WebAssembly, started in the store's own thread
 * (pglite-thread.ts). `dataDir` keeps the data on disk, created first (PGlite creates only its
 * last folder); without it the database lives in memory.
 */
export async function startPglite(dataDir?: string): Promise<PGlite> {
  if (dataDir && !dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  return PGlite.create(dataDir);
}

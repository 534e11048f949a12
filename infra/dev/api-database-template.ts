import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../api/src/storage/migrate.ts';
import { migrations } from '../../api/src/storage/migrations.ts';
import { openPgliteThreadClient } from '../../api/src/storage/pglite-thread-client.ts';
import { REPO_ROOT } from '../rig/run-dir.ts';

// Read from the file: the package's exports do not include its package.json.
const pgliteVersion = (
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string }
).version;

/**
 * Gives a test stack's API an empty, migrated embedded database at once, as a copy of one made
 * the first time on this machine: PGlite's initdb and the migrations took 7 s of an API's
 * start on a fresh data folder against 2 s on an existing one (with a test run beside), and
 * every stack of the suite starts one. The copy is what a fresh API makes (the API's own
 * storage code made it), kept per PGlite version and migrations, so a new migration makes a
 * new one. A folder that already holds a database (npm start's, kept between runs) is left
 * as it is.
 */
export async function seedApiDatabase(apiDataDir: string): Promise<void> {
  const target = join(apiDataDir, 'pglite');
  if (existsSync(target)) return;
  cpSync(await apiDatabaseTemplate(), target, { recursive: true });
}

async function apiDatabaseTemplate(): Promise<string> {
  const key = createHash('sha256')
    .update(pgliteVersion)
    .update(JSON.stringify(migrations))
    .digest('hex')
    .slice(0, 16);
  const path = join(tmpdir(), 'ctc-api-database-template', key);
  if (existsSync(path)) return path;
  // Made under another name and renamed: a stack never copies half a database.
  const building = `${path}.${randomUUID()}.partial`;
  mkdirSync(building, { recursive: true });
  const db = await openPgliteThreadClient(building);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  try {
    renameSync(building, path);
  } catch (error) {
    // Another run made it meanwhile: theirs is the same database.
    if (!existsSync(path)) throw error;
    rmSync(building, { recursive: true, force: true });
  }
  return path;
}

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../rig/run-dir.ts';

/** The supervisor account `npm start` makes, so the review pages can be tried at once. */
export const demoSupervisor = 'demo';

/**
 * Makes (or resets) the demo's supervisor in the API's store at `apiDataDir`, before the API
 * opens it (PGlite opens in one process at a time), with the password kept in a file beside
 * the store (0600): printed where it is, never the password itself, so it stays out of
 * terminals' scrollback and CI logs. The same tool an operator uses (`npm run add-supervisor`).
 * Returns the password file's path.
 */
export function provideDemoSupervisor(apiDataDir: string): string {
  const passwordFile = join(dirname(apiDataDir), 'supervisor-password');
  if (!existsSync(passwordFile)) {
    writeFileSync(passwordFile, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  }
  const added = spawnSync(process.execPath, ['api/src/add-supervisor.ts', demoSupervisor], {
    cwd: REPO_ROOT,
    input: readFileSync(passwordFile),
    env: { ...process.env, API_DATA_DIR: apiDataDir },
    encoding: 'utf8',
  });
  if (added.status !== 0) {
    throw new Error(`the demo's supervisor could not be made: ${added.stderr.trim()}`);
  }
  return passwordFile;
}

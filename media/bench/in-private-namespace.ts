import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const marker = '--in-namespace';

/**
 * Runs the bench script `scriptUrl` again inside a private network namespace holding only
 * `lo` (as the tests run), so nothing leaves the machine and a capture on lo holds only the
 * bench's traffic; exits with its status. Returns at once when already inside.
 */
export function reExecInPrivateNamespace(scriptUrl: string): void {
  if (process.argv.includes(marker)) return;
  const child = spawnSync(
    'unshare',
    [
      '-n',
      'sh',
      '-c',
      'ip link set lo up && exec "$0" "$@"',
      process.execPath,
      fileURLToPath(scriptUrl),
      marker,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

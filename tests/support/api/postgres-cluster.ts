// A throwaway PostgreSQL 15 cluster from Debian for the storage suite: initdb in a temp dir,
// listening on 127.0.0.1 at a free port and on a unix socket in that dir, torn down after.
// As root it runs as the `postgres` user (PostgreSQL refuses to run as root). Installs the
// Debian package when it is missing and throws, never skips, when the server cannot start.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../infra/rig/ports.ts';

const binDir = '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** `postgresql://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  stop(): Promise<void>;
}

function ensureInstalled(): void {
  if (existsSync(join(binDir, 'initdb'))) return;
  execFileSync('bash', ['infra/system-packages.sh', 'test'], { stdio: 'inherit' });
  if (!existsSync(join(binDir, 'initdb'))) {
    throw new Error(`PostgreSQL 15 is not installed (${binDir}/initdb) and could not be installed`);
  }
}

function runAsOwner(command: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.status}): ${result.stderr}${result.stdout}`);
  }
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  ensureInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'ctc-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const port = await freePort();
  runAsOwner(join(binDir, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  try {
    runAsOwner(join(binDir, 'pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      '30',
      '-o',
      `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off`,
      'start',
    ]);
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log)';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${String(error)}\n${log}`, { cause: error });
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        runAsOwner(join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

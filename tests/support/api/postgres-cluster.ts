// A throwaway PostgreSQL 15 cluster from Debian for the storage suite: initdb in a temp dir,
// listening on 127.0.0.1 at a free port and on a unix socket in that dir, torn down after.
// Its server can be stopped and started again on the same port and data (fault injection).
// As root it runs as the `postgres` user (PostgreSQL refuses to run as root). Installs the
// Debian package when it is missing and throws, never skips, when the server cannot start.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../infra/rig/ports.ts';

const binDir = '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** `postgresql://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  /**
   * Stops the server as a crash or a failover would (immediate shutdown: every connection cut,
   * no checkpoint), keeping its data; resolves once it no longer listens.
   */
  stopServer(): Promise<void>;
  /** Starts the stopped server again, same data, same port; resolves once it takes connections. */
  startServer(): Promise<void>;
  /** Stops the server for good and deletes its data. */
  stop(): Promise<void>;
}

function ensureInstalled(): void {
  if (existsSync(join(binDir, 'initdb'))) return;
  execFileSync('bash', ['infra/system-packages.sh', 'test'], { stdio: 'inherit' });
  if (!existsSync(join(binDir, 'initdb'))) {
    throw new Error(`PostgreSQL 15 is not installed (${binDir}/initdb) and could not be installed`);
  }
}

const asRoot = () => process.getuid?.() === 0;
const ownerArgs = (command: string, args: string[]) => ['-u', 'postgres', '--', command, ...args];

/** As root through runuser: PostgreSQL refuses to run as root. */
function runAsOwner(command: string, args: string[]): void {
  const result = asRoot()
    ? spawnSync('runuser', ownerArgs(command, args), { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.status}): ${result.stderr}${result.stdout}`);
  }
}

/** runAsOwner without blocking the event loop (the test's own calls go on meanwhile). */
async function runAsOwnerAsync(command: string, args: string[]): Promise<void> {
  const run = promisify(execFile);
  try {
    await (asRoot()
      ? run('runuser', ownerArgs(command, args), { encoding: 'utf8' })
      : run(command, args, { encoding: 'utf8' }));
  } catch (error) {
    const { stderr = '', stdout = '' } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} failed: ${stderr}${stdout}`, { cause: error });
  }
}

export interface PostgresClusterOptions {
  /**
   * Commits survive the server's crash (stopServer), as in production. Off by default for
   * speed (synchronous_commit=off): a crash then loses the last fraction of a second of commits.
   * fsync stays off either way: the machine itself does not crash in a test.
   */
  crashSafe?: boolean;
}

export async function startPostgresCluster(
  options: PostgresClusterOptions = {},
): Promise<PostgresCluster> {
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
  const pgCtl = join(binDir, 'pg_ctl');
  const startArgs = [
    '-D',
    dataDir,
    '-l',
    logFile,
    '-w',
    '-t',
    '30',
    '-o',
    `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off${options.crashSafe ? '' : ' -c synchronous_commit=off'}`,
    'start',
  ];
  const stopArgs = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
  const startFailed = (error: unknown) => {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log)';
    return new Error(`PostgreSQL did not start: ${String(error)}\n${log}`, { cause: error });
  };
  try {
    runAsOwner(pgCtl, startArgs);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw startFailed(error);
  }
  let running = true;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stopServer() {
      await runAsOwnerAsync(pgCtl, stopArgs);
      running = false;
    },
    async startServer() {
      await runAsOwnerAsync(pgCtl, startArgs).catch((error: unknown) => {
        throw startFailed(error);
      });
      running = true;
    },
    async stop() {
      try {
        runAsOwner(pgCtl, stopArgs);
      } catch (error) {
        // A server stopped on purpose (or that failed to start again) may have nothing to stop.
        if (running) throw error;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

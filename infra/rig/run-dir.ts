import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripAnsi } from './ansi.ts';

/** Repository root: this file lives in infra/rig/. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunDir {
  /** test-results/rig/<label>-<time>-<pid>: everything one test file's rig writes. */
  readonly root: string;
  /** Process logs, `<name>-<pid>.log`. */
  readonly logDir: string;
  /** A fresh sub-directory for one component (config, recordings). */
  workDir(name: string): string;
  /** Deletes the run directory and the short folders under test-results/ it links to. */
  remove(): void;
}

/**
 * Folders under test-results/ that links inside `root` point to: baresip's recordings live in
 * short folders outside the run directory (its file names must fit 128 bytes), linked from it.
 */
function linkedResultFolders(root: string): string[] {
  if (!existsSync(root)) return [];
  const results = join(REPO_ROOT, 'test-results') + sep;
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isSymbolicLink())
    .map((entry) => {
      const link = join(entry.parentPath, entry.name);
      return resolve(entry.parentPath, readlinkSync(link));
    })
    .filter((target) => target.startsWith(results));
}

export function createRunDir(label: string): RunDir {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const root = join(REPO_ROOT, 'test-results', 'rig', `${label}-${stamp}-${process.pid}`);
  const logDir = join(root, 'logs');
  mkdirSync(logDir, { recursive: true });
  return {
    root,
    logDir,
    workDir(name) {
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    remove() {
      for (const linked of linkedResultFolders(root))
        rmSync(linked, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The last `lines` lines of every log in `logDir`, one block per file. */
export function logTails(logDir: string, lines = 40): string {
  let names: string[];
  try {
    names = readdirSync(logDir)
      .filter((n) => n.endsWith('.log'))
      .sort();
  } catch {
    return `(no logs in ${logDir})`;
  }
  return names
    .map((name) => {
      const path = join(logDir, name);
      const text = readFileSync(path, 'utf8');
      const tail = stripAnsi(text).split('\n').slice(-lines).join('\n');
      return `----- ${basename(path)} (last ${lines} lines) -----\n${tail}`;
    })
    .join('\n');
}

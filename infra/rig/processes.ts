import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export interface SpawnOptions {
  /** Short label, used in the log file name and in error messages. */
  name: string;
  command: string;
  args: string[];
  /** Directory the log file goes to (stdout and stderr interleaved). */
  logDir: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Send SIGTERM again after this many ms: programs such as baresip treat the first one as
   * "shut down politely" (un-register, wait for replies) and the second as "exit now".
   */
  repeatTermAfterMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TrackedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  readonly child: ChildProcess;
  /** Settles when the child itself has exited (its process group may live on briefly). */
  readonly exited: Promise<ExitInfo>;
  readonly repeatTermAfterMs: number | undefined;
  hasExited(): boolean;
}

/** True while any process of the group led by `pid` exists (kamailio forks its workers). */
export function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let pendingCounter = 0;

/**
 * Starts a child as the leader of its own process group, so stopping it also stops whatever it
 * forked, with stdout and stderr written straight to `<logDir>/<name>-<pid>.log`.
 */
export function spawnTracked(options: SpawnOptions): TrackedProcess {
  mkdirSync(options.logDir, { recursive: true });
  // The pid is only known after spawn: open under a temporary name, rename once it is known.
  pendingCounter += 1;
  const pendingPath = join(
    options.logDir,
    `${options.name}-pending-${process.pid}-${pendingCounter}.log`,
  );
  const fd = openSync(pendingPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${options.name} (${options.command}): is it installed?`);
  }
  const logPath = join(options.logDir, `${options.name}-${pid}.log`);
  renameSync(pendingPath, logPath);

  let done = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  child.once('error', (error) => {
    // Spawn failures (ENOENT) arrive here; 'exit' may never follow.
    process.stderr.write(`[rig] ${options.name}: ${error.message}\n`);
  });
  return {
    name: options.name,
    pid,
    logPath,
    child,
    exited,
    repeatTermAfterMs: options.repeatTermAfterMs,
    hasExited: () => done,
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is already gone.
  }
}

async function waitForGroupGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isGroupAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once nothing of it is left. */
export async function stopProcess(tracked: TrackedProcess, graceMs = 3_000): Promise<ExitInfo> {
  if (isGroupAlive(tracked.pid)) {
    const deadline = Date.now() + graceMs;
    signalGroup(tracked.pid, 'SIGTERM');
    const repeat = tracked.repeatTermAfterMs;
    if (
      repeat !== undefined &&
      repeat < graceMs &&
      !(await waitForGroupGone(tracked.pid, repeat))
    ) {
      signalGroup(tracked.pid, 'SIGTERM');
    }
    if (!(await waitForGroupGone(tracked.pid, Math.max(0, deadline - Date.now())))) {
      signalGroup(tracked.pid, 'SIGKILL');
      await waitForGroupGone(tracked.pid, 2_000);
    }
  }
  // The group can be gone while Node has not yet seen the leader's exit: wait for that too.
  return tracked.exited;
}

/**
 * Everything one test file started, so its afterAll can stop it all and check nothing is left.
 */
export class ProcessRegistry {
  readonly logDir: string;
  readonly #tracked: TrackedProcess[] = [];

  constructor(logDir: string) {
    this.logDir = logDir;
  }

  spawn(options: Omit<SpawnOptions, 'logDir'>): TrackedProcess {
    const tracked = spawnTracked({ ...options, logDir: this.logDir });
    this.#tracked.push(tracked);
    return tracked;
  }

  list(): readonly TrackedProcess[] {
    return this.#tracked;
  }

  /** PIDs (group leaders) of which some process is still alive. */
  alivePids(): number[] {
    return this.#tracked.filter((t) => isGroupAlive(t.pid)).map((t) => t.pid);
  }

  async stopAll(graceMs = 3_000): Promise<void> {
    await Promise.all(this.#tracked.map((t) => stopProcess(t, graceMs)));
  }
}

import { afterAll, afterEach } from 'vitest';
import type { RunnerTask } from 'vitest';
import { ProcessRegistry } from '../../../infra/rig/processes.ts';
import { createRunDir, logTails } from '../../../infra/rig/run-dir.ts';
import type { RunDir } from '../../../infra/rig/run-dir.ts';

export interface Rig {
  readonly dir: RunDir;
  readonly processes: ProcessRegistry;
}

export interface UseRigOptions {
  /** Lines of each process log printed when a test fails. */
  tailLines?: number;
}

/** A task that should have run but did not pass (failed, or skipped because a hook threw). */
function didNotPass(task: RunnerTask): boolean {
  if (task.type === 'suite') {
    return task.result?.state === 'fail' || task.tasks.some(didNotPass);
  }
  if (task.mode !== 'run') return false;
  return task.result?.state !== 'pass';
}

/**
 * Call once at the top of a test file. Gives a per-run directory and a process registry; prints
 * the tail of every process log after a failed test; in afterAll stops every process and
 * deletes the run directory when everything passed (it is kept, and named, otherwise).
 */
export function useRig(label: string, options: UseRigOptions = {}): Rig {
  const dir = createRunDir(label);
  const processes = new ProcessRegistry(dir.logDir);
  const tailLines = options.tailLines ?? 30;
  let tailsPrinted = false;

  afterEach((context) => {
    if (context.task.result?.state !== 'fail') return;
    tailsPrinted = true;
    console.error(
      `[rig] "${context.task.name}" failed; process logs:\n${logTails(dir.logDir, tailLines)}`,
    );
  });

  // vitest requires the first (context) argument to be a destructuring pattern.
  // eslint-disable-next-line no-empty-pattern
  afterAll(async ({}, suite) => {
    await processes.stopAll();
    const failed =
      suite.result?.state === 'fail' ||
      (suite.result?.errors?.length ?? 0) > 0 ||
      suite.tasks.some(didNotPass);
    if (!failed) {
      dir.remove();
      return;
    }
    // A beforeAll that threw fails no test, so the tails may not be printed yet.
    if (!tailsPrinted)
      console.error(`[rig] ${label} failed; process logs:\n${logTails(dir.logDir, tailLines)}`);
    console.error(`[rig] logs, configs and recordings kept in ${dir.root}`);
  });

  return { dir, processes };
}

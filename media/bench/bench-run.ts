import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessRegistry } from '../../infra/rig/processes.ts';

/**
 * What every bench script shares: a work directory for its stack (logs kept when something
 * could not be measured, removed otherwise), the registry of the processes it started, the
 * list of what could not be measured, and the exit: 1 when that list is not empty.
 */
export function startBenchRun(name: string) {
  const workDir = mkdtempSync(join(tmpdir(), `ctc-${name.replace(':', '-')}-`));
  const processes = new ProcessRegistry(join(workDir, 'logs'));
  const problems: string[] = [];
  const log = (message: string) => process.stderr.write(`[${name}] ${message}\n`);
  return {
    workDir,
    processes,
    problems,
    log,
    /** Something thrown that ended the measuring early. */
    failed(error: unknown) {
      problems.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
    },
    /** Stops every process, then exits: 0 when everything was measured. */
    async finish(): Promise<never> {
      await processes.stopAll();
      if (problems.length > 0) {
        log(`could not measure everything (logs kept in ${workDir}):\n  ${problems.join('\n  ')}`);
        process.exit(1);
      }
      rmSync(workDir, { recursive: true, force: true });
      process.exit(0);
    },
  };
}

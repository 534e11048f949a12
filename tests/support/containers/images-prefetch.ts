import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { podmanEnv } from './podman.ts';

export interface ImagesPrefetch {
  /** Ends the build if it still runs (the suite is over, or stopped before the deploy tests). */
  stop(): void;
}

/**
 * Starts building the deployment images (infra/deploy/containers/build-images.sh) in the
 * background, when the vitest arguments of this run include the deploy project: the whole
 * suite, `--project deploy`, or a file under tests/deploy/. The deploy tests call the same
 * script, which waits for this build (it holds a lock) and then finds every image made; a
 * build that failed here is simply tried again there, where its error is reported.
 */
export function imagesPrefetch(vitestArgs: string[], logFile: string): ImagesPrefetch | undefined {
  if (!includesDeployTests(vitestArgs)) return undefined;
  const log = openSync(logFile, 'w');
  // Its own process group, so that stop() ends podman build and the rest with it.
  const build = spawn('bash', ['infra/deploy/containers/build-images.sh'], {
    env: podmanEnv,
    stdio: ['ignore', 'ignore', log],
    detached: true,
  });
  build.on('error', () => undefined); // no bash: the deploy tests' own build says so
  return {
    stop() {
      if (build.exitCode !== null || build.signalCode !== null || !build.pid) return;
      try {
        process.kill(-build.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    },
  };
}

function includesDeployTests(args: string[]): boolean {
  const projects = args.flatMap((arg, index) =>
    arg === '--project'
      ? [args[index + 1] ?? '']
      : arg.startsWith('--project=')
        ? [arg.slice(10)]
        : [],
  );
  const files = args.filter(
    (arg, index) => !arg.startsWith('-') && args[index - 1] !== '--project',
  );
  if (projects.length > 0 && !projects.includes('deploy')) return false;
  return files.length === 0 || files.some((file) => file.includes('tests/deploy'));
}

// The API and the media gateway as processes of a ProcessRegistry, on 127.0.0.1, from their
// sources: one place that knows how each is started, for the dev stack and the test rigs.
// Each caller adds the environment that makes its set-up (a trunk, single-port media...).
import type { ProcessRegistry, TrackedProcess } from '../rig/processes.ts';
import { REPO_ROOT } from '../rig/run-dir.ts';

export const servicesHost = '127.0.0.1';

export function spawnApi(
  processes: ProcessRegistry,
  options: { port: number; sitesFile: string; dataDir: string; env?: Record<string, string> },
): { process: TrackedProcess; url: string } {
  const tracked = processes.spawn({
    name: 'api',
    command: process.execPath,
    args: ['api/src/main.ts'],
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      API_HOST: servicesHost,
      API_PORT: String(options.port),
      API_SITES_FILE: options.sitesFile,
      API_DATA_DIR: options.dataDir,
      ...options.env,
    },
  });
  return { process: tracked, url: `http://${servicesHost}:${options.port}` };
}

export function spawnGateway(
  processes: ProcessRegistry,
  options: { port: number; apiUrl: string; env?: Record<string, string> },
): { process: TrackedProcess; url: string } {
  const tracked = processes.spawn({
    name: 'media',
    command: process.execPath,
    args: ['media/src/main.ts'],
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      MEDIA_HOST: servicesHost,
      MEDIA_PORT: String(options.port),
      MEDIA_API_URL: options.apiUrl,
      ...options.env,
    },
  });
  return { process: tracked, url: `http://${servicesHost}:${options.port}` };
}

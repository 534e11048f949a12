import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startStack, type Stack, type StackOptions } from '../../../infra/dev/stack.ts';
import { servicesHost } from '../../../infra/dev/spawn-services.ts';
import { freePort } from '../../../infra/rig/ports.ts';
import { writeToneWav } from '../../../infra/rig/tone.ts';
import { startPostgresCluster, type PostgresCluster } from '../api/postgres-cluster.ts';
import { launchChromium, type RigBrowser } from '../browser/chromium.ts';
import { workerDumpProbeEnv } from '../caller/worker-dump-client.ts';
import { useRig } from '../rig/use-rig.ts';

export interface StackAndChromiumOptions extends Omit<StackOptions, 'processes' | 'workDir'> {
  /** Chromium's fake microphone plays this tone for the whole file; none without it. */
  microphone?: { hz: number; seconds: number };
  /**
   * The API's database: the embedded PGlite (the default, as `npm start` runs it), or a
   * PostgreSQL 15 cluster of this file's own, as deployments run it (DATABASE_URL).
   */
  database?: 'pglite' | 'postgres';
  /**
   * Preloads the worker dump probe into the gateway (worker-dump-client.ts), on a port picked
   * when the stack starts, so a test can ask what its mediasoup workers still hold.
   */
  workerDumpProbe?: boolean;
  /**
   * Runs before the stack starts, given the API's own address (its port picked now) and a
   * folder of its own: for a service the API's config must name and that must know the API's
   * address in turn, such as an OpenID provider sending the browser back to the API. What it
   * returns is added to the API's environment; what it starts, the test file stops.
   */
  beforeStack?: (api: { url: string; workDir: string }) => Promise<Record<string, string>>;
}

export interface StackAndChromium {
  /** The product, started in beforeAll. */
  readonly stack: Stack;
  /** Chromium, started in beforeAll alongside the stack. */
  readonly chromium: RigBrowser;
  /** The API's PostgreSQL (`database: 'postgres'`); undefined on PGlite. */
  readonly databaseUrl: string | undefined;
  /** The worker dump probe's port (`workerDumpProbe`); undefined without it. */
  readonly workerDumpPort: number | undefined;
}

/**
 * Call once at the top of a browser test file: the whole product (infra/dev/stack.ts) and a
 * Chromium, started together before the file's tests and stopped after them, in the file's
 * rig (process logs printed when a test fails).
 */
export function useStackAndChromium(
  label: string,
  options: StackAndChromiumOptions,
): StackAndChromium {
  const rig = useRig(label);
  let started: { stack: Stack; chromium: RigBrowser } | undefined;
  let postgres: PostgresCluster | undefined;
  let workerDumpPort: number | undefined;
  const {
    microphone,
    database = 'pglite',
    workerDumpProbe,
    beforeStack,
    ...stackOptions
  } = options;

  beforeAll(async () => {
    const fakeAudioCapture = microphone
      ? await writeToneWav(join(rig.dir.workDir('browser'), `mic-${microphone.hz}.wav`), {
          hz: microphone.hz,
          seconds: microphone.seconds,
        })
      : undefined;
    if (database === 'postgres') postgres = await startPostgresCluster();
    const apiPort = stackOptions.ports?.api ?? (beforeStack ? await freePort() : undefined);
    const beforeEnv = await beforeStack?.({
      url: `http://${servicesHost}:${apiPort}`,
      workDir: rig.dir.workDir('before-stack'),
    });
    const apiEnv =
      postgres || beforeEnv
        ? {
            ...stackOptions.apiEnv,
            ...beforeEnv,
            ...(postgres && { DATABASE_URL: postgres.url }),
          }
        : stackOptions.apiEnv;
    if (workerDumpProbe) workerDumpPort = await freePort();
    const mediaEnv = workerDumpPort
      ? { ...stackOptions.mediaEnv, ...workerDumpProbeEnv(workerDumpPort) }
      : stackOptions.mediaEnv;
    const [stack, chromium] = await Promise.allSettled([
      startStack({
        ...stackOptions,
        ...(apiPort ? { ports: { ...stackOptions.ports, api: apiPort } } : {}),
        ...(apiEnv ? { apiEnv } : {}),
        ...(mediaEnv ? { mediaEnv } : {}),
        processes: rig.processes,
        workDir: rig.dir.workDir('stack'),
      }),
      launchChromium(fakeAudioCapture ? { fakeAudioCapture } : {}),
    ]);
    if (stack.status === 'fulfilled' && chromium.status === 'fulfilled') {
      started = { stack: stack.value, chromium: chromium.value };
      return;
    }
    // Whichever did start is stopped here: nobody else holds it.
    if (chromium.status === 'fulfilled') await chromium.value.close();
    if (stack.status === 'fulfilled') await stack.value.stop();
    throw stack.status === 'rejected' ? stack.reason : (chromium as PromiseRejectedResult).reason;
  });
  afterAll(async () => {
    await started?.chromium.close();
    await started?.stack.stop();
    await postgres?.stop();
  });

  const get = () => {
    if (!started) throw new Error(`${label}: the stack and Chromium are not started yet`);
    return started;
  };
  return {
    get stack() {
      return get().stack;
    },
    get chromium() {
      return get().chromium;
    },
    get databaseUrl() {
      return postgres?.url;
    },
    get workerDumpPort() {
      return workerDumpPort;
    },
  };
}

import { afterAll, beforeAll } from 'vitest';
import { cachedToneWav } from '../../../infra/rig/tone.ts';
import { startPostgresCluster, type PostgresCluster } from '../api/postgres-cluster.ts';
import { launchChromium, type RigBrowser } from '../browser/chromium.ts';
import { useRig } from '../rig/use-rig.ts';
import { startScaleOut, type ScaleOut, type ScaleOutOptions } from './start-scale-out.ts';

export interface ScaleOutAndChromium extends ScaleOut {
  readonly chromium: RigBrowser;
}

/**
 * Call once at the top of a browser test file: PostgreSQL, the scaled-out product
 * (start-scale-out.ts) and a Chromium whose fake microphone plays `microphoneHz`, started
 * before the file's tests and stopped after them, in the file's rig.
 */
export function useScaleOut(
  label: string,
  options: Omit<ScaleOutOptions, 'processes' | 'workDir' | 'postgres'> & { microphoneHz: number },
): ScaleOutAndChromium {
  const rig = useRig(label);
  let postgres: PostgresCluster | undefined;
  let chromium: RigBrowser | undefined;
  let scaleOut: ScaleOut | undefined;
  const { microphoneHz, ...scaleOutOptions } = options;

  beforeAll(async () => {
    postgres = await startPostgresCluster();
    const fakeAudioCapture = await cachedToneWav({ hz: microphoneHz, seconds: 120 });
    chromium = await launchChromium({ fakeAudioCapture });
    scaleOut = await startScaleOut({
      ...scaleOutOptions,
      processes: rig.processes,
      workDir: rig.dir.workDir('scale-out'),
      postgres,
    });
  });
  afterAll(async () => {
    await chromium?.close();
    await (scaleOut ? scaleOut.stack.stop() : rig.processes.stopAll());
    await postgres?.stop();
  });

  const get = () => {
    if (!scaleOut || !chromium) throw new Error(`${label}: the rig is not started yet`);
    return { ...scaleOut, chromium };
  };
  return {
    get stack() {
      return get().stack;
    },
    get gateways() {
      return get().gateways;
    },
    get chromium() {
      return get().chromium;
    },
    listedNodes: () => get().listedNodes(),
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mediasoup from 'mediasoup';
import { afterAll, beforeAll } from 'vitest';
import { writeToneWav } from '../../../infra/rig/tone.ts';
import { launchChromium, type RigBrowser } from '../browser/chromium.ts';

export interface EngineTestBed {
  readonly worker: mediasoup.types.Worker;
  /** Chromium whose fake microphone plays 440 Hz. */
  readonly chromium: RigBrowser;
}

/**
 * For engine tests: a real mediasoup worker and a Chromium with a 440 Hz microphone, started
 * before the file's tests and stopped after them. Call once at the top of a describe.
 */
export function useEngineTestBed(label: string): EngineTestBed {
  const dir = mkdtempSync(join(tmpdir(), `${label}-`));
  let worker: mediasoup.types.Worker | undefined;
  let chromium: RigBrowser | undefined;
  beforeAll(async () => {
    const tone = await writeToneWav(join(dir, 'mic-440.wav'), { hz: 440, seconds: 120 });
    [worker, chromium] = await Promise.all([
      mediasoup.createWorker({ logLevel: 'warn' }),
      launchChromium({ fakeAudioCapture: tone }),
    ]);
  });
  afterAll(async () => {
    worker?.close();
    await chromium?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what} is not started yet (use it inside tests)`);
    return value;
  };
  return {
    get worker() {
      return started(worker, 'the mediasoup worker');
    },
    get chromium() {
      return started(chromium, 'Chromium');
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { launchFirefox, type LaunchFirefoxOptions, type RigFirefox } from '../browser/firefox.ts';
import { startNullSoundServer, type NullSoundServer } from '../browser/null-sound-server.ts';
import type { TabDriver } from './page-driver.ts';
import { puppeteerTabDriver } from './puppeteer-page-driver.ts';

export interface UsedFirefox {
  /** Firefox ESR, started in beforeAll. */
  readonly firefox: RigFirefox;
  /** A new tab, driven through the browser-neutral TabDriver. */
  openTab(): Promise<TabDriver>;
}

/**
 * Call in a test file (or a describe block) beside a stack: Debian's Firefox ESR playing into
 * a silent sound server of its own, both started before the block's tests and stopped after
 * them. A missing browser or sound server fails the block.
 */
export function useFirefox(options: Omit<LaunchFirefoxOptions, 'soundServer'> = {}): UsedFirefox {
  let firefox: RigFirefox | undefined;
  let soundServer: NullSoundServer | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ctc-firefox-sound-'));
    soundServer = await startNullSoundServer(dir);
    firefox = await launchFirefox({ ...options, soundServer });
  });
  afterAll(async () => {
    await firefox?.close();
    await soundServer?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const get = () => {
    if (!firefox) throw new Error('Firefox is not started yet');
    return firefox;
  };
  return {
    get firefox() {
      return get();
    },
    async openTab() {
      return puppeteerTabDriver(await get().browser.newPage());
    },
  };
}

import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { isGroupAlive } from '../../../infra/rig/processes.ts';
import { waitFor } from '../../../infra/rig/wait.ts';
import type { NullSoundServer } from './null-sound-server.ts';

/** Debian's Firefox ESR (infra/system-packages.sh installs it for the tests). */
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

export class FirefoxMissingError extends Error {
  readonly code = 'FIREFOX_MISSING';
}

export interface LaunchFirefoxOptions {
  /** Where Firefox plays sound (null-sound-server.ts): headless, it has no audio without one. */
  soundServer: NullSoundServer;
  /**
   * The fake microphone's tone. Firefox has no file-backed fake capture as Chromium has: its
   * fake audio device plays a steady sine at this frequency (default 1000 Hz).
   */
  microphoneHz?: number;
}

export interface RigFirefox {
  readonly browser: Browser;
  /** Firefox's main process, leader of its own process group (puppeteer starts it detached). */
  readonly pid: number;
  /** Closes the browser and waits until none of its processes is left. */
  close(): Promise<void>;
}

/**
 * The preferences that let Firefox run a call headless inside the tests' namespace, each the
 * counterpart of one of Chromium's flags in chromium.ts.
 */
export function firefoxPrefs(
  options: Pick<LaunchFirefoxOptions, 'microphoneHz'> = {},
): Record<string, unknown> {
  return {
    // --use-fake-device-for-media-stream: fake devices, a sine tone for the microphone.
    'media.navigator.streams.fake': true,
    // Sound goes to the PulseAudio of PULSE_SERVER, whatever else the machine has.
    'media.cubeb.backend': 'pulse',
    'media.navigator.audio.fake_frequency': options.microphoneHz ?? 1000,
    // --use-fake-ui-for-media-stream: no prompt, every getUserMedia is granted. Firefox has
    // no per-context grant that a driver sets, as Playwright does for Chromium.
    'media.navigator.permission.disabled': true,
    // --autoplay-policy=no-user-gesture-required, for media elements and Web Audio alike.
    'media.autoplay.default': 0,
    'media.autoplay.block-webaudio': false,
    // --allow-loopback-in-peer-connection: the namespace holds only lo, which Firefox skips.
    'media.peerconnection.ice.loopback': true,
    // --disable-features=WebRtcHideLocalIpsWithMdns: real host candidates, not .local names.
    'media.peerconnection.ice.obfuscate_host_addresses': false,
  };
}

/**
 * Launches Debian's Firefox ESR through puppeteer-core over WebDriver BiDi, on a fresh
 * temporary profile that puppeteer deletes on close.
 */
export async function launchFirefox(options: LaunchFirefoxOptions): Promise<RigFirefox> {
  if (!existsSync(FIREFOX_PATH)) {
    throw new FirefoxMissingError(
      `${FIREFOX_PATH} not found: install Debian's browser with "apt-get install -y firefox-esr" ` +
        '(infra/bootstrap.sh --test does; puppeteer cannot download one offline)',
    );
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: firefoxPrefs(options),
    env: { ...process.env, PULSE_SERVER: options.soundServer.address },
  });
  const pid = browser.process()?.pid;
  if (pid === undefined) {
    await browser.close();
    throw new Error('puppeteer did not expose the Firefox process');
  }
  return {
    browser,
    pid,
    async close() {
      await browser.close();
      await waitFor(() => !isGroupAlive(pid), {
        timeoutMs: 5_000,
        what: `Firefox (pid ${pid}) to exit`,
      });
    },
  };
}

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { LOOPBACK } from '../../../infra/rig/ports.ts';
import { isGroupAlive } from '../../../infra/rig/processes.ts';
import { waitFor } from '../../../infra/rig/wait.ts';

/** Debian's Chromium; Playwright's own browser downloads are not reachable here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export class ChromiumMissingError extends Error {
  readonly code = 'CHROMIUM_MISSING';
}

export interface LaunchChromiumOptions {
  /**
   * What to run: Debian's Chromium, or a wrapper that execs it (so the pid stays Chromium's),
   * e.g. one that first enters another network namespace.
   */
  executablePath?: string;
  /** WAV played (looped) as the fake microphone; without it Chromium's fake mic beeps. */
  fakeAudioCapture?: string;
  headless?: boolean;
  extraArgs?: string[];
  /**
   * 'every-page' (default): every getUserMedia is allowed, without a prompt. 'per-context':
   * only contexts created with `permissions: ['microphone']` get the microphone; in any
   * other, getUserMedia is denied (NotAllowedError), as for a visitor who said no.
   */
  microphoneAllowed?: 'every-page' | 'per-context';
}

export interface RigBrowser {
  readonly browser: Browser;
  /** Chromium's main process, leader of its own process group. */
  readonly pid: number;
  /** Closes the browser and waits until none of its processes is left. */
  close(): Promise<void>;
}

/** The flags measured to work headless as root (shared/docs/environment.md, "Browser tests"). */
export function chromiumArgs(options: LaunchChromiumOptions = {}): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    // Accepts every permission prompt; without it, Playwright's per-context grants decide.
    ...(options.microphoneAllowed === 'per-context' ? [] : ['--use-fake-ui-for-media-stream']),
    '--use-fake-device-for-media-stream',
    ...(options.fakeAudioCapture
      ? [`--use-file-for-fake-audio-capture=${options.fakeAudioCapture}`]
      : []),
    '--autoplay-policy=no-user-gesture-required',
    // Without it Chromium gathers no 127.0.0.1 candidates, and the test namespace has only lo.
    '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns',
    ...(options.extraArgs ?? []),
  ];
}

/**
 * Launches Debian Chromium through playwright-core. Playwright gives each launch a fresh
 * temporary user-data dir (playwright_chromiumdev_profile-*) and deletes it on close.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<RigBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new ChromiumMissingError(
      `${CHROMIUM_PATH} not found: install Debian's browser with "apt-get install -y chromium" ` +
        '(never "npx playwright install": it downloads a browser, which fails offline)',
    );
  }
  if (options.fakeAudioCapture && !existsSync(options.fakeAudioCapture)) {
    throw new Error(`fake audio capture file ${options.fakeAudioCapture} does not exist`);
  }
  // launchServer rather than launch: only a BrowserServer exposes Chromium's process, which
  // lets close() prove that nothing of it is left.
  const server = await chromium.launchServer({
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: chromiumArgs(options),
    // Playwright mutes audio by default; remote audio must play for inbound audioLevel.
    ignoreDefaultArgs: ['--mute-audio'],
    host: LOOPBACK,
  });
  const pid = server.process().pid;
  let browser: Browser;
  try {
    if (pid === undefined) throw new Error('Playwright did not expose the Chromium process');
    browser = await chromium.connect(server.wsEndpoint());
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    browser,
    pid,
    async close() {
      await browser.close();
      await server.close();
      await waitFor(() => !isGroupAlive(pid), {
        timeoutMs: 5_000,
        what: `Chromium (pid ${pid}) to exit`,
      });
    },
  };
}

/**
 * Opens a page at a secure origin (getUserMedia and RTCPeerConnection need one) without
 * running a server: Playwright answers the request itself.
 */
export async function openRigPage(
  browser: Browser,
  html = '<!doctype html><title>rig</title><body></body>',
): Promise<Page> {
  const page = await browser.newPage();
  const url = 'http://127.0.0.1/rig';
  await page.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: html }),
  );
  await page.goto(url);
  return page;
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkNamespace } from '../net/network-namespace.ts';
import {
  CHROMIUM_PATH,
  launchChromium,
  type LaunchChromiumOptions,
  type RigBrowser,
} from './chromium.ts';

/**
 * Debian's Chromium run inside `namespace` (a visitor's own network): Playwright starts a
 * wrapper in `workDir` that enters the namespace and execs Chromium, so the tracked pid is
 * Chromium's and close() still proves it gone. Playwright talks to it over a pipe, which no
 * firewall in the namespace sees.
 */
export function launchChromiumInNamespace(
  namespace: NetworkNamespace,
  workDir: string,
  options: Omit<LaunchChromiumOptions, 'executablePath'> = {},
): Promise<RigBrowser> {
  const wrapper = join(workDir, `chromium-in-${namespace.name}.sh`);
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec ip netns exec ${namespace.name} ${CHROMIUM_PATH} "$@"\n`,
    { mode: 0o755 },
  );
  return launchChromium({ ...options, executablePath: wrapper });
}

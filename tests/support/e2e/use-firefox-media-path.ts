// Firefox takes no loopback ICE path, so in the tests' namespace (only `lo`, no route) it
// cannot reach a gateway on 127.0.0.1 as Chromium does. Measured with Firefox ESR 153:
// - it gathers no candidate at all while the namespace has no default route;
// - it gathers no 127.0.0.1 candidate, `media.peerconnection.ice.loopback` set or not (with or
//   without its socket process), and pairs none of its candidates with the gateway's
//   127.0.0.1 one, so ICE fails ("Your network blocks calls").
// So, for a block of Firefox tests, the gateway's browser side moves to a routable test
// address put on `lo`, with a default route through `lo`: nothing leaves the namespace.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import type { Stack } from '../../../infra/dev/stack.ts';
import { stopProcess } from '../../../infra/rig/processes.ts';
import { assertPrivateNetworkNamespace } from '../net/network-namespace.ts';

const run = promisify(execFile);

/** From 198.18.0.0/15, the range RFC 2544 keeps for benchmark tests: never a real host. */
export const firefoxMediaAddress = '198.18.0.1';

/** Adds the address and the route; the returned function takes both away again. */
async function addRoutableAddressOnLoopback(): Promise<() => Promise<void>> {
  await assertPrivateNetworkNamespace();
  await run('ip', ['addr', 'add', `${firefoxMediaAddress}/32`, 'dev', 'lo']);
  await run('ip', ['route', 'add', 'default', 'dev', 'lo']);
  return async () => {
    // The route first: other rigs refuse a namespace that has one.
    await run('ip', ['route', 'del', 'default', 'dev', 'lo']);
    await run('ip', ['addr', 'del', `${firefoxMediaAddress}/32`, 'dev', 'lo']);
  };
}

/**
 * Call in the describe block of Firefox tests, before useFirefox: for the block, the stack's
 * gateway serves browsers' media on `firefoxMediaAddress`; after it, on its own settings again.
 */
export function useFirefoxMediaPath(stack: () => Stack): void {
  let removeAddress: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    removeAddress = await addRoutableAddressOnLoopback();
    await stopProcess(stack().gateway());
    await stack().restartGateway({ MEDIA_RTC_LISTEN_IP: firefoxMediaAddress });
  });
  afterAll(async () => {
    try {
      await stopProcess(stack().gateway());
      await stack().restartGateway();
    } finally {
      await removeAddress?.();
    }
  });
}

// What a call leaves behind once it ended, from outside the processes: the gateway's own
// count of calls in progress (its /metrics), the routers its mediasoup workers still hold
// (the worker dump probe), and the call's record in the API's PostgreSQL.
import type { Page } from 'playwright-core';
import { openRepository } from '../../../api/src/storage/open-repository.ts';
import type { Repository } from '../../../api/src/storage/repository.ts';
import type { Stack } from '../../../infra/dev/stack.ts';
import { readWorkerDump } from '../caller/worker-dump-client.ts';
import { gatewayReadyzUrl } from './contact-center-at-rest.ts';

/** Calls in progress by the gateway's own count (`media_calls_active` on its /metrics). */
export async function gatewayActiveCalls(stack: Stack): Promise<number> {
  const url = new URL('/metrics', gatewayReadyzUrl(stack));
  const text = await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();
  const line = /^media_calls_active (\d+)$/m.exec(text);
  if (!line) throw new Error('the gateway reports no media_calls_active');
  return Number(line[1]);
}

/** Calls in progress and routers held, together: both 0 once nothing leaked. */
export async function gatewayLeftovers(stack: Stack, workerDumpPort: number) {
  const [calls, dump] = await Promise.all([
    gatewayActiveCalls(stack),
    readWorkerDump(workerDumpPort),
  ]);
  return { calls, routers: dump.routerIds.length };
}

/** The call ids the API granted the page (its POST /v1/calls answers), in order. */
export function grantedCallIds(page: Page): string[] {
  const ids: string[] = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.method() !== 'POST' || new URL(response.url()).pathname !== '/v1/calls') return;
    void response.json().then(
      (body: { kind?: string; callId?: string }) => {
        if (body.kind === 'call' && body.callId) ids.push(body.callId);
      },
      () => undefined, // no JSON body: nothing was granted
    );
  });
  return ids;
}

/** Reads what the API stored, straight from its PostgreSQL, while it runs. */
export async function stored<T>(
  databaseUrl: string,
  read: (repo: Repository) => Promise<T>,
): Promise<T> {
  const repo = await openRepository({ databaseUrl });
  try {
    return await read(repo);
  } finally {
    await repo.close();
  }
}

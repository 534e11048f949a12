import { monitorEventLoopDelay } from 'node:perf_hooks';
import { requestCallGrant, type CallGrant } from '../../tests/support/caller/api-call-grant.ts';
import { childPids, cpuSeconds } from '../../tests/support/caller/proc-stats.ts';
import { placeWebCall, type WebCallResult } from '../../tests/support/caller/web-caller.ts';

export interface ConcurrentRun {
  results: WebCallResult[];
  failures: string[];
  /** Calls up at once during the measured hold (all answered and talking). */
  heldCalls: number;
  heldSeconds: number;
  /** Gateway CPU (Node process + mediasoup worker) over the hold, and its two parts. */
  gatewayCpuSeconds: number;
  nodeCpuSeconds: number;
  workerCpuSeconds: number;
  /** The gateway's CPU share with no call at all, measured just before (1 = one core). */
  idleCores: number;
  /** Per-second samples of the gateway's CPU share (1 = one core). */
  cpuSamples: number[];
  /** The callers' own event loop: late timers mean late packets, blamed on nobody. */
  callerLoopDelayP99Ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `count` werift callers ramped up `rampMs` apart, all held until a common end, while the
 * gateway's utime+stime is sampled each second once every call is talking.
 */
export async function holdConcurrentCalls(options: {
  apiUrl: string;
  gatewayUrl: string;
  intents: string[];
  count: number;
  rampMs: number;
  holdMs: number;
  mediaPid: number;
}): Promise<ConcurrentRun> {
  const workers = childPids(options.mediaPid);
  const nodeCpu = () => cpuSeconds(options.mediaPid);
  const workerCpu = () => workers.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const gatewayCpu = () => nodeCpu() + workerCpu();
  const idleFrom = gatewayCpu();
  await sleep(3000);
  const idleCores = (gatewayCpu() - idleFrom) / 3;

  // Every visitor's captcha and token first (well within the tokens' 120 s): the siteverify
  // stand-in shares this process's event loop with the callers, and fifty werift DTLS
  // handshakes once kept it from answering the API within its 3 s captcha timeout. The figure
  // measured is the gateway's, not the API's.
  const grants: Promise<CallGrant>[] = [];
  for (let i = 0; i < options.count; i++) {
    const intent = options.intents[i % options.intents.length]!;
    grants.push(
      requestCallGrant({
        apiUrl: options.apiUrl,
        routing: { intent, language: 'en', country: 'US' },
      }),
    );
    await grants[i]!.catch(() => undefined);
  }

  const failures: string[] = [];
  let talking = 0;
  let failed = 0;
  let allSettled: () => void = () => undefined;
  const everyoneSettled = new Promise<void>((resolve) => (allSettled = resolve));
  const check = () => talking + failed === options.count && allSettled();
  const endAt = Date.now() + options.count * options.rampMs + 15_000 + options.holdMs;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });

  const calls = Array.from({ length: options.count }, async (_, i) => {
    await sleep(i * options.rampMs);
    try {
      const grant = await grants[i]!;
      const result = await placeWebCall({
        gatewayUrl: options.gatewayUrl,
        token: grant.callToken,
        talkMs: Math.max(1000, endAt - Date.now()),
        answerTimeoutMs: 20_000,
        onTalking: () => {
          talking++;
          check();
        },
      });
      if (result.status !== 200) {
        failed++;
        check();
      }
      return result;
    } catch (error) {
      failures.push(`call ${i}: ${(error as Error).message}`);
      failed++;
      check();
      return undefined;
    }
  });

  await Promise.race([everyoneSettled, sleep(endAt - Date.now() - options.holdMs)]);
  const heldCalls = talking;
  loopDelay.enable();
  const startedAt = Date.now();
  const startCpu = gatewayCpu();
  const startNode = nodeCpu();
  const cpuSamples: number[] = [];
  let last = { at: startedAt, cpu: startCpu };
  // Stop 2 s before the first caller hangs up, so the hold is all steady state.
  while (Date.now() < endAt - 2000) {
    await sleep(Math.min(1000, endAt - 2000 - Date.now()));
    const now = { at: Date.now(), cpu: gatewayCpu() };
    cpuSamples.push((now.cpu - last.cpu) / ((now.at - last.at) / 1000));
    last = now;
  }
  loopDelay.disable();
  const nodeCpuSeconds = nodeCpu() - startNode;
  const results = (await Promise.all(calls)).filter((r): r is WebCallResult => r !== undefined);
  for (const [i, result] of results.entries())
    if (result.status !== 200) failures.push(`call ${i}: status ${result.status}`);
  return {
    results,
    failures,
    heldCalls,
    heldSeconds: (last.at - startedAt) / 1000,
    gatewayCpuSeconds: last.cpu - startCpu,
    nodeCpuSeconds,
    workerCpuSeconds: last.cpu - startCpu - nodeCpuSeconds,
    idleCores,
    cpuSamples,
    callerLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { placeWebCall, type WebCallResult } from '../../tests/support/caller/web-caller.ts';
import { prepareCall, type PreparedCall, type SignallingTarget } from './call-target.ts';
import type { PionCallers, SenderHealth } from './pion-callers.ts';
import type { CpuMeter } from './process-tree-cpu.ts';
import { dropsSince, udpDropsByProcess } from './udp-drops.ts';

export interface ConcurrentRun {
  results: WebCallResult[];
  failures: string[];
  /** Calls up at once during the measured hold (all answered and talking). */
  heldCalls: number;
  heldSeconds: number;
  /** CPU of what is measured (the gateway's Node process + workers, or the peer) over the hold. */
  cpuSeconds: number;
  /** The same by part, as the meter names them (`node`, `worker`; `rtpengine`, `kamailio`). */
  cpuSecondsByPart: Record<string, number>;
  /** Its CPU share with no call at all, measured just before (1 = one core). */
  idleCores: number;
  /** Per-second samples of its CPU share (1 = one core). */
  cpuSamples: number[];
  /** The callers' own event loop: late timers mean late packets, blamed on nobody. */
  callerLoopDelayP99Ms: number;
  /**
   * The pion callers over the hold: their CPU, how late their packets left, and what they
   * sent of what each call's 20 ms clock asked for (what the gateway's figures rest on).
   */
  callers: { cpuSeconds: number; sender: SenderHealth; sendRatePct: number };
  /** UDP datagrams dropped on full receive buffers during the hold, per owning process. */
  udpDropsInHold: Record<string, number>;
}

/** The callers' media: how each call's peer is made, and what the callers cost. */
export type LoadCallers = Pick<PionCallers, 'createPeer' | 'cpuSeconds' | 'senderHealth'>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `count` callers ramped up `rampMs` apart, all held until a common end, while the
 * measured processes' utime+stime (`cpu`) is sampled each second once every call is talking.
 */
export async function holdConcurrentCalls(options: {
  target: SignallingTarget;
  intents: string[];
  count: number;
  rampMs: number;
  holdMs: number;
  cpu: CpuMeter;
  /** The callers' media: one Go process for every call (werift in Node could not keep up). */
  callers: LoadCallers;
}): Promise<ConcurrentRun> {
  const sum = (parts: Record<string, number>) => Object.values(parts).reduce((a, b) => a + b, 0);
  const idleFrom = sum(options.cpu());
  await sleep(3000);
  const idleCores = (sum(options.cpu()) - idleFrom) / 3;

  // Every visitor's captcha and token first (well within the tokens' 120 s): the siteverify
  // stand-in shares this process's event loop with the callers, and fifty werift DTLS
  // handshakes once kept it from answering the API within its 3 s captcha timeout. The figure
  // measured is the gateway's, not the API's.
  const grants: Promise<PreparedCall>[] = [];
  for (let i = 0; i < options.count; i++) {
    const intent = options.intents[i % options.intents.length]!;
    grants.push(prepareCall(options.target, intent));
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
        gatewayUrl: grant.url,
        token: grant.token,
        ...(grant.invite ? { invite: grant.invite } : {}),
        talkMs: Math.max(1000, endAt - Date.now()),
        answerTimeoutMs: 20_000,
        createPeer: options.callers.createPeer,
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
  const startParts = options.cpu();
  const callersFrom = options.callers.cpuSeconds();
  await options.callers.senderHealth(); // starts the lateness window of the hold
  const dropsFrom = udpDropsByProcess();
  const cpuSamples: number[] = [];
  let last = { at: startedAt, cpu: sum(startParts), parts: startParts };
  // Stop 2 s before the first caller hangs up, so the hold is all steady state.
  while (Date.now() < endAt - 2000) {
    await sleep(Math.min(1000, endAt - 2000 - Date.now()));
    const parts = options.cpu();
    const now = { at: Date.now(), cpu: sum(parts), parts };
    cpuSamples.push((now.cpu - last.cpu) / ((now.at - last.at) / 1000));
    last = now;
  }
  loopDelay.disable();
  const udpDropsInHold = dropsSince(dropsFrom, udpDropsByProcess());
  const sender = await options.callers.senderHealth();
  const heldSeconds = (last.at - startedAt) / 1000;
  const callers = {
    cpuSeconds: options.callers.cpuSeconds() - callersFrom,
    sender,
    sendRatePct: (100 * sender.sent) / sender.due,
  };
  const results = (await Promise.all(calls)).filter((r): r is WebCallResult => r !== undefined);
  for (const [i, result] of results.entries())
    if (result.status !== 200) failures.push(`call ${i}: status ${result.status}`);
  return {
    results,
    failures,
    heldCalls,
    heldSeconds,
    cpuSeconds: last.cpu - sum(startParts),
    cpuSecondsByPart: Object.fromEntries(
      Object.entries(last.parts).map(([part, seconds]) => [
        part,
        seconds - (startParts[part] ?? 0),
      ]),
    ),
    idleCores,
    cpuSamples,
    callerLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    callers,
    udpDropsInHold,
  };
}

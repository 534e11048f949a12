import { startStack, type Stack } from '../../infra/dev/stack.ts';
import type { ProcessRegistry } from '../../infra/rig/processes.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';

/** baresip answers at most 4 calls at once (call_max_calls in the rig's config). */
const callsPerAgent = 4;

export interface BenchStack {
  stack: Stack;
  /** Routing intents, one per agent: call i goes to `intents[i % intents.length]`. */
  intents: string[];
  mediaPid: number;
  mediaPort: number;
  /** The gateway's log: its set-up split per call is read from it (set-up-split.ts). */
  mediaLogPath: string;
}

/**
 * The product's own stack (infra/dev/stack.ts) with enough PCMU agents for `concurrentCalls`,
 * one queue and intent each, and the abuse limits raised: every call here comes from
 * 127.0.0.1, far beyond what one visitor may do.
 */
export async function startBenchStack(options: {
  processes: ProcessRegistry;
  workDir: string;
  concurrentCalls: number;
  /** More gateway environment (a test probe, a setting under study). */
  mediaEnv?: Record<string, string>;
}): Promise<BenchStack> {
  const agentCount = Math.ceil(options.concurrentCalls / callsPerAgent);
  const queues = Array.from({ length: agentCount }, (_, i) => `bench-${i}`);
  const stack = await startStack({
    processes: options.processes,
    workDir: options.workDir,
    agents: queues.map((queue) => ({ queue, codecs: ['PCMU'] })),
    rebuildWidget: false,
    mediaEnv: {
      // Every caller comes from 127.0.0.1: one address holding a whole call centre's load,
      // which the per-address flood limits would (rightly) take for an attack.
      MEDIA_MAX_CONNECTIONS_PER_IP: String(options.concurrentCalls * 2),
      MEDIA_FLOOD_NEW_CONNECTIONS_PER_10S: String(options.concurrentCalls * 2),
      MEDIA_FLOOD_SIP_REQUESTS_PER_S: String(options.concurrentCalls * 10),
      // Info: a line per call with its set-up split (set-up-split.ts), nothing per packet.
      MEDIA_LOG_LEVEL: 'info',
      ...options.mediaEnv,
    },
    editSites: (sites) => {
      const acme = sites.sites.acme!;
      allowCallsFromOneAddress(acme, 100_000);
      for (const queue of queues) {
        addQueueWithIntent(acme, queue, `Bench ${queue}`);
      }
    },
  });
  const media = options.processes.list().find((p) => p.name === 'media');
  if (!media) throw new Error('the stack started no media process');
  return {
    stack,
    intents: queues,
    mediaPid: media.pid,
    mediaPort: Number(new URL(stack.gatewayUrl).port),
    mediaLogPath: media.logPath,
  };
}

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { freePort } from '../../infra/rig/ports.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { requestCallGrant, type CallGrant } from '../support/caller/api-call-grant.ts';
import { openFdCount, rssBytes } from '../support/caller/proc-stats.ts';
import { placeWebCall } from '../support/caller/web-caller.ts';
import { allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import {
  readWorkerDump,
  workerDumpProbeEnv,
  type WorkerDumpReport,
} from '../support/caller/worker-dump-client.ts';

const totalCalls = 50;
/** Warm-up: JIT, caches, the API's connection pool, V8's young generation growing. */
const warmUpCalls = 10;
const talkMs = 700;
const MB = 1024 * 1024;
// Measured on this rig: the JS heap kept after a full GC grows by ~40 KB a call at first and
// levels off; native memory (RSS minus V8's heap) stays within a few MB. Limits sit well
// above that noise and well below what a leak of one call's media (~1 MB) would add.
const heapGrowthLimit = 8 * MB;
const nativeGrowthLimit = 30 * MB;

// Every call leaves nothing behind: after 50 answered calls with audio both ways, the
// mediasoup worker holds no router of a call (one per call), transport, producer or consumer,
// only the spare router made ahead for the next call, and the gateway has given back its
// sockets and memory.
describe('gateway hygiene over 50 calls in a row', () => {
  const rig = useRig('gateway-hygiene');
  let stack: Stack;
  let dumpPort: number;
  let mediaPid: number;

  beforeAll(async () => {
    dumpPort = await freePort();
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [{ queue: 'support-en', codecs: ['PCMU'] }],
      rebuildWidget: false,
      // The gateway offers no dump from outside: a test-only preload serves the worker's.
      mediaEnv: workerDumpProbeEnv(dumpPort),
      editSites: (sites) => {
        allowCallsFromOneAddress(sites.sites.acme!, 1000);
      },
    });
    mediaPid = rig.processes.list().find((p) => p.name === 'media')!.pid;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const emptied = async (): Promise<WorkerDumpReport> => {
    // Teardown after BYE is asynchronous (worker round trips): give it a moment.
    let dump = await readWorkerDump(dumpPort);
    await vi.waitFor(
      async () => {
        dump = await readWorkerDump(dumpPort);
        expect(dump.routerIds).toEqual([]);
      },
      { timeout: 5000, interval: 100 },
    );
    return dump;
  };

  // ~1 s a call alone; the timeout leaves room for a slower machine, it is not a speed check
  // (bench:call measures that).
  it('answers every call, then holds nothing and has not grown', { timeout: 150_000 }, async () => {
    let next: Promise<CallGrant> = requestCallGrant({ apiUrl: stack.apiUrl });
    let baseline: { dump: WorkerDumpReport; fds: number; workerFds: number; workerRss: number };
    baseline = undefined as never;
    const failures: string[] = [];
    for (let i = 0; i < totalCalls; i++) {
      const grant = await next;
      // The next token is fetched while this call talks, as a queue of visitors would.
      next = requestCallGrant({ apiUrl: stack.apiUrl });
      const call = await placeWebCall({
        gatewayUrl: stack.gatewayUrl,
        token: grant.callToken,
        talkMs,
      });
      if (call.status !== 200 || call.byeStatus !== 200 || call.packets.received < 10)
        failures.push(`call ${i}: ${JSON.stringify(call)}`);
      if (i === warmUpCalls - 1) {
        const dump = await emptied();
        const workerPid = dump.workerPid!;
        baseline = {
          dump,
          fds: openFdCount(mediaPid),
          workerFds: openFdCount(workerPid),
          workerRss: rssBytes(workerPid),
        };
      }
    }
    await next;
    expect(failures).toEqual([]);

    const after = await emptied();
    expect(after.routers).toEqual([]);
    // What a worker keeps between calls is the router it made ahead for the next one: one at
    // most per worker, holding its PBX transport and nothing of any call. Calls of one kind
    // (as here) find it ready.
    expect(after.spareRouters.length).toBeGreaterThanOrEqual(1);
    expect(new Set(after.spareRouters.map((spare) => spare.workerPid)).size).toBe(
      after.spareRouters.length,
    );
    for (const spare of after.spareRouters) {
      expect(spare).toMatchObject({ producerIds: [], consumerIds: [] });
      expect(spare.transportIds).toHaveLength(1);
    }
    const workerPid = after.workerPid!;
    const native = (dump: WorkerDumpReport) => dump.memory.rss - dump.memory.heapPhysical;
    const growth = {
      rss: after.memory.rss - baseline.dump.memory.rss,
      native: native(after) - native(baseline.dump),
      heap: after.memory.heapUsed - baseline.dump.memory.heapUsed,
      external: after.memory.external - baseline.dump.memory.external,
      workerRss: rssBytes(workerPid) - baseline.workerRss,
      fds: openFdCount(mediaPid) - baseline.fds,
      workerFds: openFdCount(workerPid) - baseline.workerFds,
    };
    console.info(`[hygiene] growth over ${totalCalls - warmUpCalls} calls:`, growth);
    expect(growth.heap).toBeLessThan(heapGrowthLimit);
    expect(growth.native).toBeLessThan(nativeGrowthLimit);
    expect(growth.external).toBeLessThan(heapGrowthLimit);
    expect(growth.workerRss).toBeLessThan(nativeGrowthLimit);
    // Sockets: each call opens RTP/RTCP/engine sockets in Node and ICE/plain ones in the worker.
    expect(growth.fds).toBeLessThanOrEqual(2);
    expect(growth.workerFds).toBeLessThanOrEqual(2);
  });
});

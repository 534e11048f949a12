import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { freePort } from '../../infra/rig/ports.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { holdWebCall, type HeldWebCall } from '../support/caller/held-web-call.ts';
import { placeWebCall } from '../support/caller/web-caller.ts';
import { readWorkerDump, workerDumpProbeEnv } from '../support/caller/worker-dump-client.ts';
import { useRig } from '../support/rig/use-rig.ts';

const english = { intent: 'support', language: 'en', country: 'US' } as const;
const spanish = { intent: 'support', language: 'es', country: 'ES' } as const;

// One gateway, two mediasoup workers. Killing one worker mid-call ends only the call it
// carried, with its own reason; the other call talks on, the gateway stays ready, the next
// call goes through, and a new worker takes the dead one's place.
describe('a gateway whose mediasoup worker dies', () => {
  const rig = useRig('gateway-worker-loss');
  let stack: Stack;
  let dumpPort: number;
  const held: HeldWebCall[] = [];

  beforeAll(async () => {
    dumpPort = await freePort();
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [
        { queue: 'support-en', codecs: ['PCMU'] },
        { queue: 'general-es', codecs: ['PCMU'] },
      ],
      rebuildWidget: false,
      mediaEnv: { MEDIA_WORKERS: '2', ...workerDumpProbeEnv(dumpPort) },
      editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 1000),
    });
  });
  afterAll(async () => {
    await Promise.all(held.map((call) => call.close()));
    await stack?.stop();
  });

  const readyz = () => fetch(new URL('/readyz', stack.gatewayUrl.replace(/^ws/, 'http')));
  /** Pids of the workers holding a router (a call's media) right now. */
  const busyWorkers = async () =>
    (await readWorkerDump(dumpPort)).workers.filter((w) => w.routerIds.length > 0);
  const callAs = async (routing: typeof english | typeof spanish) => {
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl, routing });
    const call = await holdWebCall({ gatewayUrl: stack.gatewayUrl, token: grant.callToken });
    held.push(call);
    return { call, callId: grant.callId };
  };

  it("ends only the dead worker's call, with media_worker_lost; the gateway serves on and replaces it", async () => {
    const english1 = await callAs(english);
    const [first] = await busyWorkers();
    const spanish1 = await callAs(spanish);
    const busy = await busyWorkers();
    // The second call went to the idle worker: one call on each.
    expect(busy.map((w) => w.routerIds.length)).toEqual([1, 1]);
    const second = busy.find((w) => w.pid !== first!.pid);
    expect(second).toBeDefined();

    process.kill(first!.pid, 'SIGKILL');
    expect(await english1.call.remoteBye).toMatchObject({ endCode: 'media_worker_lost' });
    // The other worker's call talks on: the visitor still hears the agent.
    await spanish1.call.hears(50);
    expect((await readyz()).status).toBe(200);

    // The agent's leg of the lost call was hung up too, so the queue takes the next call.
    await stack.agents.get('support-en')!.waitForCallEvent(english1.callId, 'CALL_CLOSED');
    const { callToken } = await requestCallGrant({ apiUrl: stack.apiUrl, routing: english });
    const next = await placeWebCall({ gatewayUrl: stack.gatewayUrl, token: callToken });
    expect(next).toMatchObject({ status: 200, byeStatus: 200 });
    expect(next.packets.received).toBeGreaterThan(20);

    await spanish1.call.hears(50);
    expect(await spanish1.call.hangUp()).toBe(200);

    // A new worker took the dead one's place (after a short backoff: the dead one was young).
    const workerPids = async () => (await readWorkerDump(dumpPort)).workers.map((w) => w.pid);
    await expect.poll(workerPids, { timeout: 30_000 }).toHaveLength(2);
    expect(await workerPids()).not.toContain(first!.pid);
  });
});

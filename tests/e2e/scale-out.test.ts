import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { analyseTone, readWav, type PcmAudio } from '../../infra/rig/tone.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { remoteAudioStream, walkToCall, widgetUrl } from '../support/e2e/call-page.ts';
import { useScaleOut } from '../support/scale-out/use-scale-out.ts';

// Issue 12's acceptance through the real widget in Chromium: two API instances on PostgreSQL
// behind HAProxy, two gateway nodes, kamailio and baresip agents (start-scale-out.ts). Calls
// spread over the nodes, a node drained by SIGTERM keeps its call to the end and takes nothing
// new, and a node killed outright costs its call a reason and a callback offer at once.
const queues = ['scale-1', 'scale-2', 'scale-3', 'scale-4'];
const gatewayTtlMs = 4000;
const announceIntervalMs = 500;
/** The placement's read of the nodes is this old at most (gateway-placement.ts). */
const placementRefreshMs = 1000;
const talking = '[data-testid="call-screen"][data-phase="talking"]';

/** The part of a recording from `seconds` on. */
const from = (audio: PcmAudio, seconds: number): PcmAudio => ({
  ...audio,
  samples: audio.samples.subarray(Math.round(seconds * audio.sampleRate)),
});

interface WidgetCall {
  page: Page;
  queue: string;
  /** The node whose SIP WebSocket the widget dialed. */
  node: string;
  talkingAt: number;
}

describe('the product scaled out over two API instances and two gateway nodes', () => {
  const e2e = useScaleOut('scale-out', {
    microphoneHz: 440,
    agents: queues.map((queue) => ({ queue, codecs: ['PCMU'] })),
    gatewayTtlMs,
    announceIntervalMs,
    editSites: (sites) => {
      const acme = sites.sites.acme!;
      allowCallsFromOneAddress(acme, 1000);
      for (const queue of queues) addQueueWithIntent(acme, queue, `Team ${queue}`);
    },
  });

  const nodeAtUrl = (url: string) =>
    [...e2e.gateways.values()].find((gateway) => gateway.url === url)?.id;
  /** Calls in progress on each node, as the nodes themselves announced them to the APIs. */
  const announcedLoad = async () =>
    Object.fromEntries(
      [...(await e2e.listedNodes()).values()].map((node) => [node.nodeId, node.callsInProgress]),
    );

  /** A visitor calls `queue` through the widget; resolves once the agent answered. */
  const call = async (queue: string): Promise<WidgetCall> => {
    const page = await e2e.chromium.browser.newPage();
    const dialed: string[] = [];
    page.on('websocket', (socket) => dialed.push(socket.url()));
    await page.goto(widgetUrl(e2e.stack, { intent: queue }));
    await walkToCall(page);
    await page.waitForSelector(talking, { timeout: 30_000 });
    const talkingAt = Date.now();
    // The node is the one the browser really dialed, not the one we expect.
    expect(dialed, `${queue}: one SIP WebSocket`).toHaveLength(1);
    const node = nodeAtUrl(dialed[0]!);
    expect(node, `${queue}: dialed ${dialed[0]}`).toBeDefined();
    return { page, queue, node: node!, talkingAt };
  };
  /** The visitor hears the agent's 1000 Hz. */
  const hearsAgent = async ({ page, queue }: WidgetCall) =>
    expect(
      await probeTone(page, await remoteAudioStream(page), 1000, 1000),
      `${queue}: the agent is heard`,
    ).toMatchObject({ detected: true });
  /** The agent heard the visitor's 440 Hz (from `fromSecond` of the call on), once it ended. */
  const agentHeardVisitor = async ({ queue }: WidgetCall, fromSecond = 0) => {
    const agent = e2e.stack.agents.get(queue)!;
    await expect.poll(async () => (await agent.listCalls()).length).toBe(0);
    const received = (await agent.recordings()).filter((r) => r.direction === 'received');
    const audio = from(await readWav(received.at(-1)!.path), fromSecond);
    expect(analyseTone(audio, 440).ratio, `${queue}: the visitor is heard`).toBeGreaterThan(0.8);
  };
  /** The visitor hangs up; the rating screen follows. */
  const hangUp = async ({ page }: WidgetCall) => {
    await page.getByTestId('call-end').click();
    await page.getByTestId('rating-screen').waitFor();
    await page.close();
  };

  it('spreads 20 calls over both nodes, with audio both ways on every one', async () => {
    // Four at a time, one per agent (baresip records two calls starting in the same second
    // into one garbled file): calls overlap as in opening hours, and the two cores are not
    // asked for 20 WebRTC calls at once. The visitors of a batch walk the widget one after
    // another: each one's connection test, and so its call, is placed once the calls before
    // it are in the nodes' announcements. Four walking at once landed 16 of 20 on node-a: on
    // equal announced load each API instance breaks the tie by node id, and connection tests
    // are in no announcement.
    const perNode: Record<string, number> = { 'node-a': 0, 'node-b': 0 };
    for (let batch = 0; batch < 5; batch++) {
      const calls: WidgetCall[] = [];
      for (const queue of queues) calls.push(await call(queue));
      const here: Record<string, number> = { 'node-a': 0, 'node-b': 0 };
      for (const placed of calls) here[placed.node]! += 1;
      // The nodes count the same calls as the browser dialed.
      await expect.poll(announcedLoad).toEqual(here);
      await Promise.all(calls.map(hearsAgent));
      await Promise.all(calls.map(hangUp));
      await Promise.all(calls.map((placed) => agentHeardVisitor(placed)));
      for (const [node, count] of Object.entries(here)) perNode[node]! += count;
    }
    expect(perNode['node-a']).toBeGreaterThanOrEqual(5);
    expect(perNode['node-b']).toBeGreaterThanOrEqual(5);
    expect(perNode['node-a']! + perNode['node-b']!).toBe(20);
    // A ceiling for a hang: 20 calls through the widget, each walked as a visitor would.
  }, 300_000);

  it('drains a node on SIGTERM: its call talks on until the agent hangs up, new calls go elsewhere, then it exits 0', async () => {
    const first = await call('scale-1');
    const second = await call('scale-2');
    expect(second.node, 'two live calls, one on each node').not.toBe(first.node);
    const draining = e2e.gateways.get(first.node)!;
    const other = second.node;

    const sigtermAt = Date.now();
    // Its own pid only: the workers share its process group, as under tini or Kubernetes.
    process.kill(draining.process().pid, 'SIGTERM');
    await expect.poll(async () => (await e2e.listedNodes()).get(draining.id)?.draining).toBe(true);
    const newer = await Promise.all([call('scale-3'), call('scale-4')]);
    expect(newer.map((c) => c.node)).toEqual([other, other]);

    // The drained node's call: the agent heard well after the SIGTERM, the node still up.
    await hearsAgent(first);
    expect(draining.process().hasExited()).toBe(false);
    await e2e.stack.agents.get(first.queue)!.hangup();
    await first.page.getByTestId('rating-screen').waitFor();
    expect(await first.page.getByTestId('call-end-code').textContent()).toBe('agent_hung_up');
    expect(await draining.process().exited).toEqual({ code: 0, signal: null });
    // The visitor was heard after the SIGTERM too (a second later, to be clear of it).
    await agentHeardVisitor(first, (sigtermAt - first.talkingAt) / 1000 + 1);
    await first.page.close();

    for (const placed of [second, ...newer]) await hangUp(placed);
    await draining.restart();
  });

  it("ends a killed node's call with a reason and a callback offer within 5 s, and places nothing more there", async () => {
    const first = await call('scale-1');
    const second = await call('scale-2');
    expect(second.node).not.toBe(first.node);
    const killed = e2e.gateways.get(first.node)!;
    const lastHeard = Date.parse((await e2e.listedNodes()).get(killed.id)!.announcedAt);

    const killedAt = Date.now();
    // The node and its worker at once, as when its machine or container dies.
    process.kill(-killed.process().pid, 'SIGKILL');
    await first.page.waitForSelector('[data-testid="call-screen"][data-phase="ended"]', {
      timeout: 10_000,
    });
    expect(Date.now() - killedAt, 'the widget tells the visitor within 5 s').toBeLessThan(5000);
    // The reason, in the visitor's words, with "Call again" and the callback offer under it.
    expect(await first.page.getByTestId('call-status').textContent()).toMatch(/call service/);
    expect(await first.page.getByTestId('call-end-code').textContent()).toBe('connection_lost');
    await first.page.getByTestId('call-start').waitFor();
    await first.page.getByTestId('call-request-callback').waitFor();

    // Forgotten once its last announcement is older than the TTL: placed on no more.
    await expect
      .poll(async () => (await e2e.listedNodes()).has(killed.id), { timeout: 30_000 })
      .toBe(false);
    // Within the TTL of its last announcement, give or take the APIs' cached read of the nodes
    // and a busy machine's poll.
    expect(Date.now() - lastHeard).toBeLessThan(gatewayTtlMs + placementRefreshMs + 2000);
    const next = await call('scale-3');
    expect(next.node).toBe(second.node);
    await hearsAgent(next);
    await hearsAgent(second);
    for (const placed of [second, next]) await hangUp(placed);
    await first.page.close();
  });
});

import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { servicesHost, spawnGateway } from '../../infra/dev/spawn-services.ts';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { waitUntilReady } from '../../infra/dev/wait-until-ready.ts';
import { freePort } from '../../infra/rig/ports.ts';
import type { TrackedProcess } from '../../infra/rig/processes.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { listGatewayNodes } from '../support/api/gateway-node-list.ts';
import {
  requestCallGrant,
  requestConnectionTestGrant,
  type CallGrant,
} from '../support/caller/api-call-grant.ts';
import { holdWebCall, type HeldWebCall } from '../support/caller/held-web-call.ts';
import { sendInvite } from '../support/caller/sip-invite-session.ts';
import { openSipWs } from '../support/caller/sip-ws-connection.ts';
import { placeWebCall } from '../support/caller/web-caller.ts';
import { createWebRtcAudioPeer } from '../support/caller/webrtc-audio-peer.ts';
import { useRig } from '../support/rig/use-rig.ts';

// Real gateways announcing themselves to one API: calls placed by load, tokens bound to the
// node they were placed on, a draining node given nothing new, a dead one forgotten.
const serviceToken = 'gateway-nodes-service-token-'.padEnd(48, 'x');
const ttlMs = 2000;
const announceIntervalMs = 250;
const adminToken = 'gateway-nodes-admin-token-'.padEnd(40, 'x');

interface GatewayNode {
  id: string;
  /** The SIP WebSocket browsers dial (the node's MEDIA_PUBLIC_URL). */
  url: string;
  httpUrl: string;
  process?: TrackedProcess;
}

// Every node but the stack's own gets media ranges of its own: two gateways on one machine
// must not both try a port. Between the default browsers' range and the ports freePort()
// hands out, and above the kernel's ephemeral ports for the PBX side.
const ownRanges: Record<string, { rtc: number; pbx: number }> = {
  'node-b': { rtc: 23700, pbx: 63000 },
  'node-c': { rtc: 23800, pbx: 63200 },
  'node-d': { rtc: 23900, pbx: 63400 },
};

const announcing = (id: string, port: number) => ({
  MEDIA_NODE_ID: id,
  MEDIA_PUBLIC_URL: `ws://${servicesHost}:${port}/sip`,
  MEDIA_API_SERVICE_TOKEN: serviceToken,
  MEDIA_ANNOUNCE_INTERVAL_MS: String(announceIntervalMs),
  MEDIA_WORKERS: '1',
});
const nodeOf = (grant: CallGrant) => decodeJwt(grant.callToken).node;

describe('gateway nodes announcing themselves to the API', () => {
  const rig = useRig('gateway-nodes');
  let stack: Stack;
  let nodeA: GatewayNode;
  let nodeB: GatewayNode;

  const listed = () => listGatewayNodes(stack.apiUrl, serviceToken);
  /** Resolves once the API lists `id` (a ceiling for a hang: hooks cannot use expect.poll). */
  const knownToApi = (id: string) =>
    waitFor(async () => (await listed()).has(id), {
      timeoutMs: 30_000,
      what: `the API to list ${id}`,
    });
  /** Starts a gateway that announces itself as `id`; resolves once the API lists it. */
  const startNode = async (id: string, env: Record<string, string> = {}): Promise<GatewayNode> => {
    const port = await freePort();
    const { rtc, pbx } = ownRanges[id]!;
    const { process } = spawnGateway(rig.processes, {
      port,
      apiUrl: stack.apiUrl,
      env: {
        MEDIA_TRUNK_HOST: servicesHost,
        MEDIA_TRUNK_PORT: String(stack.kamailio.port),
        MEDIA_RTC_MIN_PORT: String(rtc),
        MEDIA_RTC_MAX_PORT: String(rtc + 99),
        MEDIA_PBX_RTP_MIN_PORT: String(pbx),
        MEDIA_PBX_RTP_MAX_PORT: String(pbx + 199),
        ...announcing(id, port),
        ...env,
      },
    });
    const httpUrl = `http://${servicesHost}:${port}`;
    await waitUntilReady(`${httpUrl}/readyz`, 120_000, process.exited);
    await knownToApi(id);
    return { id, url: `ws://${servicesHost}:${port}/sip`, httpUrl, process };
  };
  /**
   * The calls in progress on A and B as the API knows them, once both nodes announced after
   * `since` (their announcement then counts every call placed before it); undefined until then.
   */
  const loadOfAB = async (since: number) => {
    const nodes = await listed();
    const [a, b] = [nodes.get('node-a'), nodes.get('node-b')];
    if (!a || !b || Date.parse(a.announcedAt) <= since || Date.parse(b.announcedAt) <= since)
      return undefined;
    return { 'node-a': a.callsInProgress, 'node-b': b.callsInProgress };
  };
  /** An INVITE with `token` and a real offer at `node`; resolves with the final answer. */
  const attempt = async (node: GatewayNode, token: string) => {
    const peer = createWebRtcAudioPeer();
    const connection = await openSipWs(node.url);
    try {
      return await sendInvite(connection, { sdp: await peer.createOffer(), token }).final;
    } finally {
      connection.close();
      await peer.close();
    }
  };

  beforeAll(async () => {
    const portA = await freePort();
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [{ queue: 'support-en', codecs: ['PCMU'] }],
      rebuildWidget: false,
      ports: { media: portA },
      apiEnv: { API_SERVICE_TOKEN: serviceToken, API_GATEWAY_TTL_MS: String(ttlMs) },
      mediaEnv: announcing('node-a', portA),
      editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 1000),
    });
    nodeA = {
      id: 'node-a',
      url: stack.gatewayUrl,
      httpUrl: `http://${servicesHost}:${portA}`,
    };
    await knownToApi('node-a');
    nodeB = await startNode('node-b');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('binds a call token to its node: refused at the other, and once used, refused at both', async () => {
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl, gatewayNode: 'node-a' });
    expect(nodeOf(grant)).toBe('node-a');
    expect(grant.gatewayUrl).toBe(nodeA.url);
    // A token for A presented to B: refused, and still good at A.
    expect(await attempt(nodeB, grant.callToken)).toMatchObject({
      status: 403,
      endCode: 'gateway_error',
    });
    const call = await placeWebCall({ gatewayUrl: grant.gatewayUrl, token: grant.callToken });
    expect(call).toMatchObject({ status: 200, byeStatus: 200 });
    expect(call.packets.received).toBeGreaterThan(20);
    // Used at A: refused at A again, and at B.
    expect(await attempt(nodeA, grant.callToken)).toMatchObject({
      status: 403,
      endCode: 'unauthorized',
    });
    expect(await attempt(nodeB, grant.callToken)).toMatchObject({
      status: 403,
      endCode: 'gateway_error',
    });
  });

  it('places the connection test on a node and binds its probe token there', async () => {
    const test = await requestConnectionTestGrant({ apiUrl: stack.apiUrl });
    const [placedOn, other] = test.gatewayNode === 'node-a' ? [nodeA, nodeB] : [nodeB, nodeA];
    expect(test.gatewayNode).toBe(placedOn.id);
    expect(test.testUrl).toBe(`${placedOn.httpUrl}/v1/connection-tests`);
    const peer = createWebRtcAudioPeer();
    const res = await fetch(`${other.httpUrl}/v1/connection-tests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${test.probeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sdp: await peer.createOffer() }),
    }).finally(() => peer.close());
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'token_wrong_node' });
  });

  it('places each call on the node with fewer calls in progress', async () => {
    const held: HeldWebCall[] = [];
    const counts = { 'node-a': 0, 'node-b': 0 };
    let since = Date.now();
    try {
      for (let i = 0; i < 4; i++) {
        // Once the nodes themselves have told the API of every call placed so far.
        await expect.poll(() => loadOfAB(since)).toEqual(counts);
        const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
        const placed = nodeOf(grant) as keyof typeof counts;
        // The node with fewer calls (either one when they are even).
        const fewest = Math.min(counts['node-a'], counts['node-b']);
        expect({ call: i + 1, calls: counts[placed] }).toEqual({ call: i + 1, calls: fewest });
        held.push(await holdWebCall({ gatewayUrl: grant.gatewayUrl, token: grant.callToken }));
        since = Date.now();
        counts[placed] += 1;
      }
      await expect.poll(() => loadOfAB(since)).toEqual({ 'node-a': 2, 'node-b': 2 });
      // Every call carries audio on the node it was placed on.
      for (const call of held) await call.hears(25);
    } finally {
      for (const call of held) {
        await call.hangUp().catch(() => undefined);
        await call.close();
      }
    }
  });

  it('gives a draining node no new call; its own call goes on, then it leaves cleanly', async () => {
    const nodeC = await startNode('node-c', { MEDIA_ADMIN_TOKEN: adminToken });
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl, gatewayNode: 'node-c' });
    expect(nodeOf(grant)).toBe('node-c');
    const call = await holdWebCall({ gatewayUrl: grant.gatewayUrl, token: grant.callToken });
    try {
      await expect.poll(async () => (await listed()).get('node-c')?.callsInProgress).toBe(1);
      // An operator takes the node out of service.
      const drain = await fetch(`${nodeC.httpUrl}/admin/drain`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(drain.status).toBe(202);
      await expect.poll(async () => (await listed()).get('node-c')?.draining).toBe(true);
      for (let i = 0; i < 4; i++) {
        // Even a visitor whose connection test ran on C is placed elsewhere now.
        const elsewhere = await requestCallGrant({ apiUrl: stack.apiUrl, gatewayNode: 'node-c' });
        expect(nodeOf(elsewhere)).not.toBe('node-c');
        expect(elsewhere.gatewayUrl).not.toBe(nodeC.url);
      }
      await call.hears(25);
      expect(await call.hangUp()).toBe(200);
    } finally {
      await call.close();
    }
    expect(await nodeC.process!.exited).toMatchObject({ code: 0 });
    // It said goodbye on its way out: forgotten at once, not after the TTL.
    expect((await listed()).has('node-c')).toBe(false);
  });

  it('forgets a node that stops announcing once the TTL has passed, and places nothing there', async () => {
    const nodeD = await startNode('node-d');
    const before = await requestCallGrant({ apiUrl: stack.apiUrl, gatewayNode: 'node-d' });
    expect(nodeOf(before)).toBe('node-d');
    const lastHeard = Date.parse((await listed()).get('node-d')!.announcedAt);
    // Killed outright, workers and all: no drain, no goodbye.
    process.kill(-nodeD.process!.pid, 'SIGKILL');
    await nodeD.process!.exited;
    await expect
      .poll(async () => (await listed()).has('node-d'), { timeout: ttlMs + 30_000 })
      .toBe(false);
    // Not before the TTL: a node briefly unheard of (a slow API, a lost announcement) stays.
    expect(Date.now() - lastHeard).toBeGreaterThanOrEqual(ttlMs);
    const after = await requestCallGrant({ apiUrl: stack.apiUrl, gatewayNode: 'node-d' });
    expect(nodeOf(after)).not.toBe('node-d');
  });
});

// Gateway nodes announce themselves; the API places each call and connection test on one,
// binds its token to it and tells the widget where to dial. Calls made here go through the
// real routes; tokens are checked with the verifier the gateway runs.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallGrantSchema } from '../../../protocol/api/call-request.ts';
import { ConnectionTestGrantSchema } from '../../../protocol/api/connection-test.ts';
import {
  GatewayNodeListSchema,
  type GatewayAnnouncement,
} from '../../../protocol/api/gateway-announcement.ts';
import { allowCallsFromOneAddress } from '../../../infra/dev/site-edits.ts';
import {
  gatewayCallTokenVerifier,
  gatewayProbeTokenVerifier,
} from '../../../tests/support/api/gateway-verifiers.ts';
import { serviceToken, startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import {
  bearer,
  callTokenClaims,
  post,
  reportEvent,
  startSession,
  supportEn,
} from '../../../tests/support/api/visitor.ts';

const siteGateway = 'wss://media.acme.example/sip';
const urlOf = (nodeId: string) => `wss://cc.acme.example/media/${nodeId}/sip`;
const testUrlOf = (nodeId: string) => `https://cc.acme.example/media/${nodeId}/v1/connection-tests`;

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi(
    (file) => {
      const acme = file.sites.acme!;
      acme.media.gatewayUrl = siteGateway;
      allowCallsFromOneAddress(acme, 1000);
      acme.limits.callsPerSession = 1000;
    },
    { gatewayTtlMs: 6000 },
  );
}, 60_000);
afterEach(() => api.close());

const later = (ms: number) => (api.clock.now = new Date(api.clock.now.getTime() + ms));
const announce = (
  nodeId: string,
  fields: Partial<GatewayAnnouncement> = {},
  token = serviceToken,
) =>
  post(
    api,
    '/v1/internal/gateway-nodes',
    {
      nodeId,
      publicUrl: urlOf(nodeId),
      capacity: 10,
      callsInProgress: 0,
      draining: false,
      ...fields,
    },
    { headers: bearer(token) },
  );
/** The nodes the API lists to media and operators: id and load. */
async function listed(token = serviceToken) {
  const res = await api.app.request('/v1/internal/gateway-nodes', { headers: bearer(token) });
  if (res.status !== 200) return res.status;
  const { nodes } = GatewayNodeListSchema.parse(await res.json());
  return nodes.map(({ nodeId, callsInProgress }) => ({ nodeId, callsInProgress }));
}
const goodbye = (nodeId: string) =>
  api.app.request(`/v1/internal/gateway-nodes/${encodeURIComponent(nodeId)}`, {
    method: 'DELETE',
    headers: bearer(serviceToken),
  });

let session: string | undefined;
async function callGrant(body: Record<string, unknown> = {}) {
  session ??= await startSession(api);
  const res = await post(
    api,
    '/v1/calls',
    { routing: supportEn, ...body },
    { headers: bearer(session) },
  );
  if (res.status !== 201)
    return {
      status: res.status,
      body: await res.json(),
      retryAfter: res.headers.get('retry-after'),
    };
  const grant = CallGrantSchema.parse(await res.json());
  return { status: 201, grant, node: callTokenClaims(grant.callToken).node };
}
async function testGrant() {
  session ??= await startSession(api);
  const res = await post(api, '/v1/connection-tests', '', { headers: bearer(session) });
  expect(res.status).toBe(201);
  return ConnectionTestGrantSchema.parse(await res.json());
}
/** Where `count` calls in a row are placed, by node (or the site's URL). */
async function placeCalls(count: number) {
  const nodes: string[] = [];
  for (let i = 0; i < count; i++) {
    const placed = await callGrant();
    if (!placed.grant) throw new Error(`call ${i}: ${placed.status}`);
    expect(placed.grant.gatewayUrl).toBe(placed.node ? urlOf(placed.node) : siteGateway);
    nodes.push(placed.node ?? 'site');
  }
  return nodes;
}
/**
 * For each call placed, its node's load just before (announced calls plus those placed since):
 * the least of all, every time, is what placement promises. Equal nodes may go either way.
 */
function loadsWhenPlaced(placed: string[], announced: Record<string, number>) {
  const load = { ...announced };
  return placed.map((node) => {
    const least = Math.min(...Object.values(load));
    const wasLeast = load[node] === least;
    load[node] = (load[node] ?? 0) + 1;
    return wasLeast;
  });
}
beforeEach(() => (session = undefined));

describe('POST /v1/internal/gateway-nodes', () => {
  it('takes announcements from media only, and well-formed ones only', async () => {
    const forged = await announce('media-a', {}, 'x'.repeat(40));
    expect(forged.status).toBe(401);
    expect(await listed('x'.repeat(40))).toBe(401);
    const bad = await announce('media/a');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid_request', message: /nodeId/ });
    const noCapacity = await announce('media-a', { capacity: 0 });
    expect(noCapacity.status).toBe(400);
    // Nothing refused was kept: calls still go to the site's own gateway, unbound.
    expect(await placeCalls(2)).toEqual(['site', 'site']);
    expect((await announce('media-a')).status).toBe(204);
    expect(await placeCalls(1)).toEqual(['media-a']);
  });
});

describe('placing calls on gateway nodes', () => {
  it('sends calls to the site gateway, with unbound tokens, while no node announces itself', async () => {
    const placed = await callGrant();
    expect(placed.grant?.gatewayUrl).toBe(siteGateway);
    expect(placed.node).toBeUndefined();
    await expect(gatewayCallTokenVerifier(api)(placed.grant!.callToken)).resolves.toBeDefined();
    const test = await testGrant();
    expect(test.testUrl).toBe('https://media.acme.example/v1/connection-tests');
    expect(test.gatewayNode).toBeUndefined();
  });

  it('spreads calls by load, each token bound to its node and refused by the other', async () => {
    await announce('media-a', { callsInProgress: 2 });
    await announce('media-b');
    // b is two calls behind: it takes two, then each call goes to the less loaded one.
    const placed = await placeCalls(6);
    expect(placed.slice(0, 2)).toEqual(['media-b', 'media-b']);
    expect(loadsWhenPlaced(placed, { 'media-a': 2, 'media-b': 0 })).toEqual(Array(6).fill(true));
    expect(placed.filter((node) => node === 'media-a')).toHaveLength(2);
    const { grant } = await callGrant();
    const bound = callTokenClaims(grant!.callToken).node!;
    const other = bound === 'media-a' ? 'media-b' : 'media-a';
    await expect(
      gatewayCallTokenVerifier(api, { id: other, acceptsUnbound: false })(grant!.callToken),
    ).rejects.toMatchObject({ code: 'token_wrong_node' });
    const atBound = gatewayCallTokenVerifier(api, { id: bound, acceptsUnbound: false });
    await expect(atBound(grant!.callToken)).resolves.toMatchObject({ node: bound });
    await expect(atBound(grant!.callToken)).rejects.toMatchObject({ code: 'token_replayed' });
  });

  it('counts placements only until the next announcement, which brings the real count', async () => {
    await announce('media-a');
    await announce('media-b');
    const first = await placeCalls(4);
    expect(loadsWhenPlaced(first, { 'media-a': 0, 'media-b': 0 })).toEqual(Array(4).fill(true));
    // a's calls ended meanwhile; one of b's did. Only the announced counts matter now.
    await announce('media-a', { callsInProgress: 0 });
    await announce('media-b', { callsInProgress: 1 });
    const second = await placeCalls(3);
    expect(second[0]).toBe('media-a');
    expect(loadsWhenPlaced(second, { 'media-a': 0, 'media-b': 1 })).toEqual(Array(3).fill(true));
  });

  it('gives a draining node no call, and calls again once it serves', async () => {
    await announce('media-a');
    await announce('media-b', { callsInProgress: 5 });
    await announce('media-a', { draining: true });
    expect(await placeCalls(3)).toEqual(['media-b', 'media-b', 'media-b']);
    expect((await testGrant()).gatewayNode).toBe('media-b');
    await announce('media-a', { draining: false });
    expect(await placeCalls(1)).toEqual(['media-a']);
  });

  it('fills a node to its capacity, then answers 503 while every node is full or draining', async () => {
    await announce('media-a', { capacity: 2 });
    await announce('media-b', { draining: true });
    expect(await placeCalls(2)).toEqual(['media-a', 'media-a']);
    const refused = await callGrant();
    expect(refused).toMatchObject({
      status: 503,
      body: { code: 'gateway_unavailable' },
      retryAfter: '5',
    });
    session = await startSession(api);
    const test = await post(api, '/v1/connection-tests', '', { headers: bearer(session) });
    expect(test.status).toBe(503);
  });

  it('forgets a node silent for longer than the TTL, and one that said goodbye at once', async () => {
    await announce('media-a');
    await announce('media-b', { callsInProgress: 5 });
    later(4000);
    await announce('media-b', { callsInProgress: 5 });
    later(2500);
    // a last spoke 6.5 s ago: only b is left, however loaded.
    expect(await placeCalls(2)).toEqual(['media-b', 'media-b']);
    expect(await listed()).toEqual([{ nodeId: 'media-b', callsInProgress: 5 }]);
    expect((await goodbye('media-b')).status).toBe(204);
    expect(await listed()).toEqual([]);
    expect(await placeCalls(1)).toEqual(['site']);
    expect((await goodbye('never-announced')).status).toBe(204);
    await announce('media-a');
    expect(await placeCalls(1)).toEqual(['media-a']);
  });

  it("places the connection test like a call, and the call on the test's node while it has room", async () => {
    await announce('media-a');
    await announce('media-b', { callsInProgress: 3 });
    const test = await testGrant();
    expect(test).toMatchObject({ gatewayNode: 'media-a', testUrl: testUrlOf('media-a') });
    const probe = await gatewayProbeTokenVerifier(api, { id: 'media-a', acceptsUnbound: false })(
      test.probeToken,
    );
    expect(probe.node).toBe('media-a');
    // b is now the less loaded, but the visitor measured a: the call follows the test.
    await announce('media-a', { callsInProgress: 6 });
    expect((await callGrant({ gatewayNode: 'media-a' })).node).toBe('media-a');
    // Draining since, or unknown: the least loaded node instead.
    await announce('media-a', { callsInProgress: 6, draining: true });
    expect((await callGrant({ gatewayNode: 'media-a' })).node).toBe('media-b');
    expect((await callGrant({ gatewayNode: 'made-up' })).node).toBe('media-b');
    const malformed = await callGrant({ gatewayNode: 'not/a/node' });
    expect(malformed.status).toBe(400);
  });

  it("sends a pinned site's calls to its gateway, bound to the node at that URL if one announces", async () => {
    const acme = api.sites.get('acme')!;
    acme.media.pinGateway = true;
    await announce('media-a');
    expect(await placeCalls(2)).toEqual(['site', 'site']);
    await announce('pinned', { publicUrl: siteGateway, callsInProgress: 9 });
    const placed = await callGrant();
    expect(placed).toMatchObject({ node: 'pinned', grant: { gatewayUrl: siteGateway } });
    expect((await testGrant()).gatewayNode).toBe('pinned');
  });
});

describe('a gateway node back under a new boot id', () => {
  it('has the calls its dead process left open ended, and their places under the limits freed', async () => {
    api.sites.get('acme')!.limits.concurrentCallsPerSite = 1;
    const [boot1, boot2] = [randomUUID(), randomUUID()];
    expect((await announce('media-a', { bootId: boot1 })).status).toBe(204);
    const placed = await callGrant();
    expect(placed.node).toBe('media-a');
    const { callId, callToken } = placed.grant!;
    const claims = callTokenClaims(callToken);
    expect((await reportEvent(api, callId, 'created', { claims, bootId: boot1 })).status).toBe(202);
    expect((await reportEvent(api, callId, 'answered', { codec: 'opus' })).status).toBe(202);
    // The site's one place is taken; the same process announcing changes nothing.
    later(2000);
    expect((await announce('media-a', { bootId: boot1 })).status).toBe(204);
    expect((await callGrant()).status).toBe(429);
    expect((await api.repo.getCall(callId))?.status).toBe('answered');

    // Killed outright, it reported no end; started again, it announces a new boot id.
    later(5000);
    const learnedAt = api.clock.now;
    expect((await announce('media-a', { bootId: boot2 })).status).toBe(204);
    expect(await api.repo.getCall(callId)).toMatchObject({
      status: 'ended',
      endReason: 'connection_lost',
      endInferred: 'gateway_restarted',
      endedAt: learnedAt,
    });
    expect((await callGrant()).status).toBe(201);
    expect(api.logs.join('')).toMatch(/gateway node restarted/);
  });

  it('takes announcements from an older gateway without a boot id, and ends nothing for them', async () => {
    expect((await announce('media-a')).status).toBe(204);
    const { grant } = await callGrant();
    const claims = callTokenClaims(grant!.callToken);
    expect((await reportEvent(api, grant!.callId, 'created', { claims })).status).toBe(202);
    expect((await announce('media-a', { bootId: randomUUID() })).status).toBe(204);
    expect((await announce('media-a')).status).toBe(204);
    expect((await api.repo.getCall(grant!.callId))?.status).toBe('created');
    const malformed = await announce('media-a', { bootId: 'not-a-boot-id' });
    expect(malformed.status).toBe(400);
  });
});

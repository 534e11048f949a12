// A gateway process killed outright (SIGKILL, out of memory, its machine lost) reports no end
// for its calls: the API ends their records itself when the node comes back under a new boot
// id, or stays silent for API_GATEWAY_LOST_AFTER_MS, and frees their places under the
// concurrency limits. Run on every backend, with the clock given; on PostgreSQL two API
// instances do it at once through two pools.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../protocol/api/call-event.ts';
import type { GatewayAnnouncement } from '../../../protocol/api/gateway-announcement.ts';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import {
  useStorageBackends,
  type OpenStorage,
} from '../../../tests/support/api/storage-backends.ts';
import type { NewCall, Repository } from '../storage/repository.ts';
import { endCallsOfGoneGateway, endCallsOfGoneGateways } from './end-calls-of-gone-gateways.ts';

const backends = useStorageBackends();
const t0 = new Date('2026-11-02T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const lostAfterMs = 600_000;

const announcement = (nodeId: string, bootId?: string): GatewayAnnouncement => ({
  nodeId,
  publicUrl: `wss://cc.example.com/media/${nodeId}/sip`,
  capacity: 60,
  callsInProgress: 0,
  draining: false,
  ...(bootId ? { bootId } : {}),
});
const nodeName = () => `node-${randomUUID().slice(0, 8)}`;

interface CallOn {
  nodeId?: string;
  bootId?: string;
  /** How far media reported it before it went: created, ringing at 3 s, answered at 5 s. */
  reached: 'created' | 'ringing' | 'answered';
  /** A place under this concurrency key (a site's), as the API gave it with the token. */
  placeUnder?: string;
}

const event = (call: NewCall, fields: Record<string, unknown>, when: Date) =>
  ({ eventId: randomUUID(), callId: call.id, at: when.toISOString(), ...fields }) as CallEvent;

/** A call media reported on `nodeId`'s process `bootId`, which then reported nothing more. */
async function callOn(repo: Repository, { nodeId, bootId, reached, placeUnder }: CallOn) {
  const call: NewCall = {
    id: randomUUID(),
    siteId: 'acme',
    sessionId: `session-${randomUUID()}`,
    queue: 'support-en',
    queueDisplayName: 'English Technical Support',
    routing: { intent: 'support', language: 'en', country: 'US' },
    createdAt: t0,
    tokenExpiresAt: at(120),
    ...(nodeId ? { gatewayNode: nodeId } : {}),
    ...(bootId ? { gatewayBootId: bootId } : {}),
  };
  if (placeUnder) {
    const hold = { key: placeUnder, limit: 3, until: at(4 * 3600), followsCall: true };
    expect(await repo.admitCall(call.id, [hold], [], t0)).toEqual({ admitted: true });
  }
  await repo.recordEvent(createdEvent(call), t0);
  if (reached !== 'created') await repo.recordEvent(event(call, { type: 'ringing' }, at(3)), at(3));
  if (reached === 'answered') {
    await repo.recordEvent(event(call, { type: 'answered', codec: 'opus' }, at(5)), at(5));
  }
  return call;
}

/** Whether one more call finds room under `key` (limit 3), taking it if so. */
const roomFor = async (repo: Repository, key: string, now: Date) =>
  (
    await repo.admitCall(
      randomUUID(),
      [{ key, limit: 3, until: at(4 * 3600), followsCall: true }],
      [],
      now,
    )
  ).admitted;

describe.each(backends)('calls of a gone gateway process on %s', (_name, open) => {
  let storage: OpenStorage;
  beforeAll(async () => {
    storage = await open();
  }, 60_000);
  afterAll(() => storage?.close());
  // The sweep looks at every node: each test starts with no call open from the one before.
  beforeEach(() => storage?.db.exec("update calls set status = 'ended' where status <> 'ended'"));

  it('ends the calls a restarted process left open, once, when the API learns it, and frees their places', async () => {
    const { repo, other, db } = storage;
    const [node, elsewhere] = [nodeName(), nodeName()];
    const [boot1, boot2, bootElsewhere] = [randomUUID(), randomUUID(), randomUUID()];
    const site = `site:${randomUUID()}`;
    await repo.recordGatewayAnnouncement(announcement(node, boot1), at(0), at(-600));
    await repo.recordGatewayAnnouncement(announcement(elsewhere, bootElsewhere), at(0), at(-600));
    const talking = await callOn(repo, {
      nodeId: node,
      bootId: boot1,
      reached: 'answered',
      placeUnder: site,
    });
    const ringing = await callOn(repo, {
      nodeId: node,
      bootId: boot1,
      reached: 'ringing',
      placeUnder: site,
    });
    const onOtherNode = await callOn(repo, {
      nodeId: elsewhere,
      bootId: bootElsewhere,
      reached: 'answered',
      placeUnder: site,
    });
    const unbound = await callOn(repo, { bootId: boot1, reached: 'answered' });
    const fromOlderGateway = await callOn(repo, { nodeId: node, reached: 'answered' });
    const hungUp = await callOn(repo, { nodeId: node, bootId: boot1, reached: 'answered' });
    await repo.recordEvent(
      event(hungUp, { type: 'ended', reason: 'agent_hung_up', durationS: 20 }, at(25)),
      at(25),
    );
    // A rating the visitor gave the ringing call, waiting for its reports.
    const rating = {
      id: randomUUID(),
      siteId: 'acme',
      sessionId: ringing.sessionId,
      callId: ringing.id,
      stars: 2,
      comment: 'cut off',
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      createdAt: at(20),
    };
    expect(await repo.holdRating(rating, 3)).toMatchObject({ kind: 'held' });
    expect(await roomFor(repo, site, at(20)), 'the site is full').toBe(false);
    const gone = { cause: 'gateway_restarted', nodeId: node } as const;
    // The same process announcing again: nothing is gone.
    await repo.recordGatewayAnnouncement(announcement(node, boot1), at(20), at(-580));
    expect(await endCallsOfGoneGateway(repo, gone, at(20))).toEqual([]);

    // Killed at about 25 s; back at 30 s under a new boot id, announced to either instance.
    await other.recordGatewayAnnouncement(announcement(node, boot2), at(30), at(-570));
    const ended = await Promise.all([
      endCallsOfGoneGateway(repo, gone, at(30)),
      endCallsOfGoneGateway(other, gone, at(30)),
    ]);
    expect(ended.flat().sort()).toEqual([talking.id, ringing.id].sort());

    expect(await repo.getCall(talking.id)).toMatchObject({
      status: 'ended',
      endReason: 'connection_lost',
      endInferred: 'gateway_restarted',
      // When the API learned it: the process died some time before.
      endedAt: at(30),
      answeredAt: at(5),
      gatewayNode: node,
      gatewayBootId: boot1,
    });
    expect(
      (await repo.getCall(talking.id))?.durationS,
      'the talk time is not known',
    ).toBeUndefined();
    expect(await repo.getCall(ringing.id)).toMatchObject({
      status: 'ended',
      endReason: 'connection_lost',
      endInferred: 'gateway_restarted',
      endedAt: at(30),
    });
    expect((await repo.getCall(ringing.id))?.answeredAt).toBeUndefined();
    for (const call of [onOtherNode, unbound, fromOlderGateway]) {
      expect((await repo.getCall(call.id))?.status).toBe('answered');
    }
    expect(await repo.getCall(hungUp.id)).toMatchObject({
      endReason: 'agent_hung_up',
      endedAt: at(25),
      durationS: 20,
    });
    expect((await repo.getCall(hungUp.id))?.endInferred).toBeUndefined();
    // The unanswered call's rating was dropped, as media's `ended` would have had it.
    const { rows: held } = await db.query('select 1 from held_ratings where call_id = $1', [
      ringing.id,
    ]);
    expect(held).toEqual([]);
    // Two places free again under the site's limit, and no more.
    expect(await roomFor(repo, site, at(31))).toBe(true);
    expect(await roomFor(other, site, at(31))).toBe(true);
    expect(await roomFor(repo, site, at(31))).toBe(false);

    // The dead process's `created` for one more call, in flight when it died, lands late:
    // the node's next announcement ends it.
    const late = await callOn(repo, { nodeId: node, bootId: boot1, reached: 'created' });
    expect((await repo.getCall(late.id))?.status).toBe('created');
    await repo.recordGatewayAnnouncement(announcement(node, boot2), at(32), at(-568));
    expect(await endCallsOfGoneGateway(repo, gone, at(32))).toEqual([late.id]);
    expect(await repo.getCall(late.id)).toMatchObject({ status: 'ended', endedAt: at(32) });
  });

  it('ends the calls of a node silent for API_GATEWAY_LOST_AFTER_MS, and none sooner', async () => {
    const { repo, other } = storage;
    const [silent, alive, saidGoodbye] = [nodeName(), nodeName(), nodeName()];
    const boot = randomUUID();
    for (const node of [silent, alive, saidGoodbye]) {
      await repo.recordGatewayAnnouncement(announcement(node, boot), at(0), at(-600));
    }
    const site = `site:${randomUUID()}`;
    const lost = await callOn(repo, {
      nodeId: silent,
      bootId: boot,
      reached: 'answered',
      placeUnder: site,
    });
    const lostOlder = await callOn(repo, { nodeId: silent, reached: 'ringing' });
    const kept = await callOn(repo, {
      nodeId: alive,
      bootId: boot,
      reached: 'answered',
      placeUnder: site,
    });
    // A node that stopped cleanly but whose calls' ends never came (it died right after).
    const leftOpen = await callOn(repo, {
      nodeId: saidGoodbye,
      bootId: boot,
      reached: 'answered',
      placeUnder: site,
    });
    await repo.forgetGatewayNode(saidGoodbye);
    const sweep = async (instance: Repository, now: Date) => {
      const told: unknown[] = [];
      await endCallsOfGoneGateways(instance, now, {
        lostAfterMs,
        onEnded: (ended) => told.push(ended),
      });
      return told;
    };
    const aliveAt = (s: number) =>
      other.recordGatewayAnnouncement(announcement(alive, boot), at(s), at(s - 600));

    await aliveAt(300);
    // Ten minutes after the silent node's last word, but its call was answered 5 s in.
    expect(await sweep(repo, at(601))).toEqual([]);
    await aliveAt(604);
    expect(await sweep(other, at(606))).toEqual([{ cause: 'gateway_lost', calls: 3 }]);
    for (const call of [lost, lostOlder, leftOpen]) {
      expect(await repo.getCall(call.id)).toMatchObject({
        status: 'ended',
        endReason: 'connection_lost',
        endInferred: 'gateway_lost',
        endedAt: at(606),
      });
    }
    expect((await repo.getCall(kept.id))?.status).toBe('answered');
    expect(await roomFor(repo, site, at(607))).toBe(true);
    expect(await roomFor(repo, site, at(607))).toBe(true);
    expect(await roomFor(repo, site, at(607))).toBe(false);
    expect(await sweep(repo, at(660))).toEqual([]);
  });

  it("takes media's own end over the API's guess, when a node only cut off reports it later", async () => {
    const { repo, other } = storage;
    const node = nodeName();
    const boot = randomUUID();
    await repo.recordGatewayAnnouncement(announcement(node, boot), at(0), at(-600));
    const call = await callOn(repo, { nodeId: node, bootId: boot, reached: 'answered' });
    const guess = { cause: 'gateway_lost', silentSince: at(700 - lostAfterMs / 1000) } as const;
    expect(await endCallsOfGoneGateway(repo, guess, at(700))).toEqual([call.id]);
    // The node was only cut off from the API: it is back, and the call ended later than the
    // API guessed, which is what the record keeps.
    await other.recordGatewayAnnouncement(announcement(node, boot), at(905), at(305));
    const hungUp = { type: 'ended', reason: 'agent_hung_up', durationS: 895 };
    expect(await other.recordEvent(event(call, hungUp, at(900)), at(905))).toBe('applied');
    const record = await repo.getCall(call.id);
    expect(record).toMatchObject({
      status: 'ended',
      endReason: 'agent_hung_up',
      endedAt: at(900),
      durationS: 895,
    });
    expect(record?.endInferred).toBeUndefined();
    // Nothing guesses over it again.
    expect(await endCallsOfGoneGateway(repo, guess, at(1400))).toEqual([]);
    expect((await repo.getCall(call.id))?.endReason).toBe('agent_hung_up');
  });
});

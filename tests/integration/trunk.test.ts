import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrunkClient } from '../../media/src/sip/trunk/trunk-client.ts';
import type { TrunkClient } from '../../media/src/sip/trunk/trunk-client.ts';
import { startBaresipAgent } from '../../infra/rig/baresip-agent.ts';
import type { BaresipAgent } from '../../infra/rig/baresip-agent.ts';
import { startKamailio } from '../../infra/rig/kamailio.ts';
import type { Kamailio, SipTransport } from '../../infra/rig/kamailio.ts';
import { freePort } from '../../infra/rig/ports.ts';
import { analyseTone, readWav, writeToneWav } from '../../infra/rig/tone.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { recordCall, testLogger } from '../support/sip/call-recorder.ts';
import { startPlainRtpPeer } from '../support/sip/plain-rtp-peer.ts';

// The PBX leg against real peers: kamailio as the queue, baresip agents answering with a
// 1000 Hz tone, and our plain-RTP stand-in for the media engine sending 440 Hz. Scripted SIP
// behaviour (422, short session timers, PAI, UPDATE) is in trunk-scripted.test.ts.

const AGENT_HZ = 1000;
const CALLER_HZ = 440;
const rig = useRig('trunk');
let kamailio: Kamailio;
const agents = new Map<string, BaresipAgent>();
const clients = new Map<SipTransport, TrunkClient>();

const AGENTS: { name: string; transport: SipTransport; answerMode: 'auto' | 'manual' }[] = [
  { name: 'udp-a', transport: 'udp', answerMode: 'auto' },
  { name: 'udp-b', transport: 'udp', answerMode: 'auto' },
  { name: 'tcp-a', transport: 'tcp', answerMode: 'auto' },
  { name: 'tcp-b', transport: 'tcp', answerMode: 'auto' },
  { name: 'ring-cancel', transport: 'udp', answerMode: 'manual' },
  { name: 'ring-busy', transport: 'tcp', answerMode: 'manual' },
];

beforeAll(async () => {
  const agentTone = await writeToneWav(`${rig.dir.workDir('tones')}/agent.wav`, {
    hz: AGENT_HZ,
    seconds: 40,
  });
  kamailio = await startKamailio({
    processes: rig.processes,
    workDir: rig.dir.workDir('kamailio'),
  });
  await Promise.all(
    AGENTS.map(async (a) => {
      const agent = await startBaresipAgent({
        processes: rig.processes,
        registrarPort: kamailio.port,
        workDir: rig.dir.workDir(`agent-${a.name}`),
        user: `agent-${a.name}`,
        transport: a.transport,
        answerMode: a.answerMode,
        codecs: ['PCMU'],
        toneWav: agentTone,
      });
      await agent.waitUntilRegistered();
      agents.set(a.name, agent);
    }),
  );
  for (const transport of ['udp', 'tcp'] as const) {
    clients.set(
      transport,
      await startTrunkClient({
        trunk: { host: kamailio.host, port: kamailio.port, transport },
        bindIp: '127.0.0.1',
        logger: testLogger(),
      }),
    );
  }
});

afterAll(async () => {
  await Promise.all([...clients.values()].map((c) => c.close()));
});

const place = (
  transport: SipTransport,
  queue: string,
  events: ReturnType<typeof recordCall>,
  sdp: string,
) =>
  clients.get(transport)!.placeCall(
    {
      callId: randomUUID(),
      target: kamailio.queueUri(queue, transport),
      callerDisplayName: 'Web visitor',
      headers: { 'X-Intent': 'sales', 'X-Language': 'en' },
      sdpOffer: sdp,
    },
    events,
  );

describe.concurrent('a call through kamailio to a baresip agent', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`over ${transport.toUpperCase()}: answered, audio both ways, hold/resume, agent hangs up`, async ({
      expect,
    }) => {
      const agent = agents.get(`${transport}-a`)!;
      const peer = await startPlainRtpPeer(CALLER_HZ);
      const events = recordCall(peer);
      place(transport, `${transport}-a`, events, peer.offer());
      await events.answered;
      // Two seconds of the agent's audio (50 packets a second), however late it starts.
      await waitFor(() => peer.received.length > 100, {
        timeoutMs: 5000,
        what: 'two seconds of RTP from the agent',
      });
      expect(analyseTone(peer.receivedAudio(), AGENT_HZ).ratio, 'agent tone').toBeGreaterThan(0.5);

      // Hold then resume by the agent: two re-INVITEs through kamailio, answered by us.
      await agent.ctrl.command('hold');
      await waitFor(() => events.reOffers.length >= 1, { timeoutMs: 5000, what: 'hold re-INVITE' });
      await agent.ctrl.command('resume');
      await waitFor(() => events.reOffers.length >= 2, {
        timeoutMs: 5000,
        what: 'resume re-INVITE',
      });
      expect(events.reOffers[0]).toMatch(/a=(sendonly|inactive)/);
      expect(events.reOffers[1]).toMatch(/a=sendrecv|^(?![\s\S]*a=(sendonly|inactive))/);
      const before = peer.received.length;
      await waitFor(() => peer.received.length - before > 25, {
        timeoutMs: 3000,
        what: 'half a second of audio after resume',
      });

      await agent.hangup();
      expect(await events.ended).toEqual({ code: 'agent_hung_up', cause: 'pbx_bye' });
      peer.close();
      const [heard] = (await agent.recordings()).filter((r) => r.direction === 'received');
      expect(
        analyseTone(await readWav(heard!.path), CALLER_HZ).ratio,
        'our tone at the agent',
      ).toBeGreaterThan(0.5);
    });

    it(`over ${transport.toUpperCase()}: we hang up with a BYE`, async ({ expect }) => {
      const agent = agents.get(`${transport}-b`)!;
      const peer = await startPlainRtpPeer(CALLER_HZ);
      const events = recordCall(peer);
      const call = place(transport, `${transport}-b`, events, peer.offer());
      await events.answered;
      const established = agent.events.find((e) => e.type === 'CALL_ESTABLISHED');
      await waitFor(() => agent.events.some((e) => e.type === 'CALL_ESTABLISHED'), {
        timeoutMs: 3000,
        what: 'agent established',
      });
      await waitFor(() => peer.received.length > 5, {
        timeoutMs: 3000,
        what: 'RTP from the agent',
      });
      call.hangUp();
      call.hangUp(); // idempotent
      expect(await events.ended).toEqual({ code: 'visitor_hung_up', cause: 'hang_up' });
      const id = (established ?? agent.events.find((e) => e.type === 'CALL_ESTABLISHED'))!.id!;
      const closed = await agent.waitForCallEvent(id, 'CALL_CLOSED');
      expect(closed.param).toMatch(/reset by peer|bye/i);
      peer.close();
    });
  }

  it('CANCELs while ringing when we hang up', async ({ expect }) => {
    const agent = agents.get('ring-cancel')!;
    const events = recordCall();
    const call = place('udp', 'ring-cancel', events, (await startPlainRtpPeer()).offer());
    await events.ringing;
    const incoming = await agent.ctrl.waitForEvent((e) => e.type === 'CALL_INCOMING', 3000);
    call.hangUp();
    expect(await events.ended).toEqual({ code: 'visitor_hung_up', cause: 'hang_up' });
    const closed = await agent.waitForCallEvent(incoming.id!, 'CALL_CLOSED');
    // Closed without ever being established: only our CANCEL can do that to a ringing call
    // (baresip 1.0.0 reports a CANCEL as "Connection reset by peer").
    expect(closed.param ?? '').toMatch(/reset by peer|cancel/i);
    expect(agent.events.some((e) => e.id === incoming.id && e.type === 'CALL_ESTABLISHED')).toBe(
      false,
    );
  });

  it('ends with busy when the agent rejects the ringing call', async ({ expect }) => {
    const agent = agents.get('ring-busy')!;
    const events = recordCall();
    place('tcp', 'ring-busy', events, (await startPlainRtpPeer()).offer());
    await events.ringing;
    await agent.ctrl.waitForEvent((e) => e.type === 'CALL_INCOMING', 3000);
    await agent.hangup();
    const reason = await events.ended;
    expect(reason).toMatchObject({ code: 'busy', sipStatus: 486 });
  });

  it('ends with no_agent when nobody staffs the queue', async ({ expect }) => {
    const events = recordCall();
    place('udp', 'nobody', events, (await startPlainRtpPeer()).offer());
    expect(await events.ended).toMatchObject({ code: 'no_agent', sipStatus: 404 });
  });
});

describe('trunk down', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`over ${transport.toUpperCase()}: trunk_unreachable in under 5 s`, async () => {
      const port = await freePort({ udp: true }); // nothing listens there
      const client = await startTrunkClient({
        trunk: { host: '127.0.0.1', port, transport },
        bindIp: '127.0.0.1',
        logger: testLogger(),
      });
      try {
        const started = Date.now();
        const events = recordCall();
        client.placeCall(
          {
            callId: randomUUID(),
            target: `sip:queue-sales@127.0.0.1:${port}`,
            callerDisplayName: 'V',
            headers: {},
            sdpOffer: (await startPlainRtpPeer()).offer(),
          },
          events,
        );
        expect((await events.ended).code).toBe('trunk_unreachable');
        expect(Date.now() - started).toBeLessThan(5000);
        // Now known unhealthy: the next call fails at once.
        await waitFor(() => !client.healthy, { timeoutMs: 3000, what: 'unhealthy' });
        const again = recordCall();
        const t0 = Date.now();
        client.placeCall(
          {
            callId: randomUUID(),
            target: `sip:q@127.0.0.1:${port}`,
            callerDisplayName: 'V',
            headers: {},
            sdpOffer: 'v=0\r\n',
          },
          again,
        );
        expect((await again.ended).code).toBe('trunk_unreachable');
        expect(Date.now() - t0).toBeLessThan(500);
      } finally {
        await client.close();
      }
    });
  }
});

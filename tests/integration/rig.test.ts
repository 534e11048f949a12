import { beforeAll, describe, expect, it } from 'vitest';
import { startBaresipAgent } from '../../infra/rig/baresip-agent.ts';
import type { BaresipAgent } from '../../infra/rig/baresip-agent.ts';
import type { AudioCodec } from '../../infra/rig/baresip-config.ts';
import { startKamailio } from '../../infra/rig/kamailio.ts';
import type { Kamailio, SipTransport } from '../../infra/rig/kamailio.ts';
import { ProcessRegistry } from '../../infra/rig/processes.ts';
import { answeredAudioCodec } from '../../infra/rig/sdp-codec.ts';
import { analyseTone, readWav, writeToneWav } from '../../infra/rig/tone.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { sleep } from '../../infra/rig/wait.ts';

// Self-test of the SIP side of the rig: real kamailio, real baresip agents, real audio. If
// these pass, a failing gateway test is about the gateway, not the rig.

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const CALL_SECONDS = 3;

interface CallCase {
  /** Queue name: kamailio routes queue-<name> to agent-<name>. */
  queue: string;
  codec: AudioCodec;
  transport: SipTransport;
  /** sndfile records at the decoder's rate, a second witness of the codec in use. */
  decodeRate: number;
}

const CASES: CallCase[] = [
  { queue: 'opus', codec: 'opus', transport: 'udp', decodeRate: 48_000 },
  { queue: 'g722', codec: 'G722', transport: 'udp', decodeRate: 16_000 },
  { queue: 'pcmu', codec: 'PCMU', transport: 'udp', decodeRate: 8_000 },
  { queue: 'pcma', codec: 'PCMA', transport: 'udp', decodeRate: 8_000 },
  { queue: 'pcma-tcp', codec: 'PCMA', transport: 'tcp', decodeRate: 8_000 },
];

const rig = useRig('rig');
let kamailio: Kamailio;
const agents = new Map<string, BaresipAgent>();
const callers = new Map<string, BaresipAgent>();

beforeAll(async () => {
  const toneDir = rig.dir.workDir('tones');
  // Long enough to outlast every call: baresip's aufile plays the file once, then silence.
  const [callerTone, agentTone] = await Promise.all([
    writeToneWav(`${toneDir}/caller-${CALLER_HZ}.wav`, { hz: CALLER_HZ, seconds: 30 }),
    writeToneWav(`${toneDir}/agent-${AGENT_HZ}.wav`, { hz: AGENT_HZ, seconds: 30 }),
  ]);
  kamailio = await startKamailio({
    processes: rig.processes,
    workDir: rig.dir.workDir('kamailio'),
  });
  const common = { processes: rig.processes, registrarPort: kamailio.port };

  const startAgent = async (c: CallCase) => {
    const user = `agent-${c.queue}`;
    const agent = await startBaresipAgent({
      ...common,
      workDir: rig.dir.workDir(user),
      user,
      transport: c.transport,
      codecs: [c.codec],
      toneWav: agentTone,
    });
    await agent.waitUntilRegistered();
    agents.set(c.queue, agent);
  };
  // Callers offer every codec, so the agent's restriction alone decides what is negotiated.
  const startCaller = async (queue: string, transport: SipTransport) => {
    const user = `caller-${queue}`;
    const caller = await startBaresipAgent({
      ...common,
      workDir: rig.dir.workDir(user),
      user,
      transport,
      register: false,
      toneWav: callerTone,
    });
    callers.set(queue, caller);
  };
  await Promise.all([
    ...CASES.map(startAgent),
    ...CASES.map((c) => startCaller(c.queue, c.transport)),
    startCaller('nobody', 'udp'),
  ]);
});

describe.concurrent('a call through kamailio to a registered baresip agent', () => {
  for (const c of CASES) {
    it(`carries audio both ways over ${c.transport.toUpperCase()} with ${c.codec}`, async ({
      expect,
    }) => {
      const caller = callers.get(c.queue)!;
      const agent = agents.get(c.queue)!;

      const callId = await caller.dial(kamailio.queueUri(c.queue, c.transport));
      await caller.waitForEstablished(callId);
      await agent.waitForEstablished(callId);
      expect(await agent.listCalls()).toMatchObject([{ state: 'ESTABLISHED' }]);

      // The codec, as kamailio saw it go by in the agent's SDP answer.
      const answer = await kamailio.waitForSdpAnswer(callId);
      expect(answeredAudioCodec(answer.sdp)?.name).toBe(c.codec);

      // The call's length is what is tested: both recordings must hold about this much audio.
      await sleep(CALL_SECONDS * 1000);
      await caller.hangup();
      await caller.waitForCallEvent(callId, 'CALL_CLOSED');
      const agentClosed = await agent.waitForCallEvent(callId, 'CALL_CLOSED');
      expect(agentClosed.param).toMatch(/reset by peer/i); // the caller's BYE reached the agent

      const [agentHeard] = (await agent.recordings()).filter((r) => r.direction === 'received');
      const [callerHeard] = (await caller.recordings()).filter((r) => r.direction === 'received');
      expect(agentHeard, 'agent recording').toBeDefined();
      expect(callerHeard, 'caller recording').toBeDefined();
      const atAgent = await readWav(agentHeard!.path);
      const atCaller = await readWav(callerHeard!.path);
      expect(atAgent.sampleRate).toBe(c.decodeRate);
      expect(atCaller.sampleRate).toBe(c.decodeRate);
      // Most of the call carried audio, and it was the other side's tone, not our own.
      expect(atAgent.samples.length / atAgent.sampleRate).toBeGreaterThan(CALL_SECONDS - 0.5);
      expect(analyseTone(atAgent, CALLER_HZ).ratio, 'caller tone at agent').toBeGreaterThan(0.5);
      expect(analyseTone(atAgent, AGENT_HZ).ratio, 'agent tone at agent').toBeLessThan(0.1);
      expect(analyseTone(atCaller, AGENT_HZ).ratio, 'agent tone at caller').toBeGreaterThan(0.5);
      expect(analyseTone(atCaller, CALLER_HZ).ratio, 'caller tone at caller').toBeLessThan(0.1);
    });
  }

  it('answers 404 for a queue with no registered agent', async ({ expect }) => {
    const caller = callers.get('nobody')!;
    const callId = await caller.dial(kamailio.queueUri('nobody'));
    const closed = await caller.waitForCallEvent(callId, 'CALL_CLOSED');
    expect(closed.param).toMatch(/^404\b/);
    expect(await kamailio.relayedSdp(callId)).toEqual([]);
  });
});

it('leaves no process alive once everything is stopped, even in the middle of a call', async () => {
  // A registry of its own (kamailio, an agent, a caller talking to it), so that the file's rig
  // stays up for the calls above, whatever order the tests run in.
  const dir = (name: string) => rig.dir.workDir(`stop-all-${name}`);
  const processes = new ProcessRegistry(dir('logs'));
  try {
    const own = await startKamailio({ processes, workDir: dir('kamailio') });
    const tone = await writeToneWav(`${dir('tones')}/tone.wav`, { hz: AGENT_HZ, seconds: 30 });
    const common = { processes, registrarPort: own.port, codecs: ['PCMU'] as const, toneWav: tone };
    const [agent, caller] = await Promise.all([
      startBaresipAgent({ ...common, workDir: dir('agent'), user: 'agent-stop' }),
      startBaresipAgent({ ...common, workDir: dir('caller'), user: 'caller', register: false }),
    ]);
    await agent.waitUntilRegistered();
    const callId = await caller.dial(own.queueUri('stop'));
    await agent.waitForEstablished(callId);
    const started = processes.list();
    expect(started.map((p) => p.name).sort()).toEqual([
      'baresip-agent-stop',
      'baresip-caller',
      'kamailio',
    ]);
    await processes.stopAll();
    expect(processes.alivePids()).toEqual([]);
    for (const p of started) {
      expect(() => process.kill(p.pid, 0), `${p.name} (${p.pid})`).toThrow();
    }
  } finally {
    await processes.stopAll();
  }
});

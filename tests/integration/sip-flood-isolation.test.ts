import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthProbe } from '../support/flood/health-probe.ts';
import { startSchedulingCanary } from '../support/flood/scheduling-canary.ts';
import { sipFlood } from '../support/flood/sip-flood.ts';
import { startTimedCallRig, type TimedCallRig } from '../support/flood/timed-call-rig.ts';
import { useRig } from '../support/rig/use-rig.ts';

// The browsers' SIP WebSocket faces the internet, so a flood on it must not reach the calls
// already up. The gateway's Node process parses SIP; the audio goes through its mediasoup
// worker only. Here the flood limits are raised out of the way, so every message of the flood
// is parsed and answered (the worst case: a flood from many addresses under their limits does
// the same), while a call from another address is timed at both of its ends.
const origin = 'https://www.acme.example';
const attacker = '127.0.0.2';
const raisedLimits = {
  MEDIA_FLOOD_SIP_REQUESTS_PER_S: '100000',
  MEDIA_FLOOD_REFUSED_INVITES_PER_MIN: '100000',
  MEDIA_FLOOD_NEW_CONNECTIONS_PER_10S: '100000',
};

describe('a SIP flood from one address, beside a call from another', () => {
  const rig = useRig('sip-flood-isolation');
  let calls: TimedCallRig;

  beforeAll(async () => {
    calls = await startTimedCallRig({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      mediaEnv: raisedLimits,
    });
  });
  afterAll(() => calls?.close());

  it('leaves no gap over 100 ms in either direction of the call during 10,000 bad messages', async () => {
    const call = await calls.timedCall();
    const canary = startSchedulingCanary();
    const since = performance.now();

    const flood = await sipFlood({
      url: calls.stack.gatewayUrl,
      origin,
      localAddress: attacker,
      sockets: 5,
      messages: 10_000,
      awaitAnswers: 8_000,
    });
    // The gateway took all of it: answered every message it could (the fifth kind of five
    // is bytes that are not SIP, which get no answer).
    expect(flood.sent).toBe(10_000);
    expect(flood.answers, JSON.stringify(flood)).toBe(8_000);
    // And a second of audio after it, so the figures cover the whole burst.
    await Promise.all([call.visitor.hears(50), call.agentHears(50)]);

    const toVisitor = call.toVisitor.figures(since);
    const toAgent = call.toAgent.figures(since);
    // On shared cores another process may hold the worker off the CPU, as it may any process:
    // what the machine imposed meanwhile (the canary's worst wake-up) is not the gateway's.
    // bench:flood holds the budget itself on a quiet machine.
    const machine = await canary.stop();
    const allowedGapMs = 100 + machine.worstLateMs;
    const figures = JSON.stringify({ toVisitor, toAgent, machine, flood });
    console.info(`[sip-flood-isolation] ${figures}`);
    expect(toVisitor.largestGapMs, figures).toBeLessThanOrEqual(allowedGapMs);
    expect(toAgent.largestGapMs, figures).toBeLessThanOrEqual(allowedGapMs);
    // The figures are the call's: it carried audio both ways all along.
    expect(toVisitor.packetsReceived).toBeGreaterThan(100);
    expect(toAgent.packetsReceived).toBeGreaterThan(100);
    expect(await call.hangUp()).toBe(200);
  });

  it('answers /healthz and a new call from another address during 50 tokenless INVITEs a second', async () => {
    const flooding = sipFlood({
      url: calls.stack.gatewayUrl,
      origin,
      localAddress: attacker,
      sockets: 1,
      kind: 'tokenless-invite',
      ratePerS: 50,
      messages: 300,
      awaitAnswers: 300,
    });
    const probe = startHealthProbe(calls.healthUrl, 100);
    const call = await calls.timedCall();
    await Promise.all([call.visitor.hears(50), call.agentHears(50)]);
    const flood = await flooding;
    const health = await probe.stop();
    expect(await call.hangUp()).toBe(200);

    // Every INVITE was refused (403, no token), none let through.
    expect(flood).toMatchObject({ sent: 300, answers: 300, statuses: { 403: 300 } });
    // /healthz answered every probe, all along (how fast is bench:flood's to measure).
    expect(Object.keys(health.statuses)).toEqual(['200']);
    expect(health.latenciesMs.length).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from 'vitest';
import { HealthSchema } from '../../protocol/health.ts';
import { analyseTone, readWav, type PcmAudio } from '../../infra/rig/tone.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { placeWebCall } from '../support/caller/web-caller.ts';
import { gatewayUnderTest } from '../support/media/gateway-under-test.ts';
import { useOneAgentStack } from '../support/rig/use-one-agent-stack.ts';

/** The part of a recording from `seconds` on. */
const from = (audio: PcmAudio, seconds: number): PcmAudio => ({
  ...audio,
  samples: audio.samples.subarray(Math.round(seconds * audio.sampleRate)),
});

// A rolling upgrade in opening hours: SIGTERM takes the gateway out of service (readiness
// 503, new calls and connection tests refused) while the call in progress talks on both ways
// until the visitor hangs up; then the process exits 0.
describe('a gateway draining on SIGTERM', () => {
  const fixture = useOneAgentStack('gateway-drain', {
    // A drain timeout far beyond the test: only the call's end may end this drain.
    mediaEnv: { MEDIA_WORKERS: '1', MEDIA_DRAIN_TIMEOUT_MS: '3600000' },
    callsFromOneAddress: 1000,
  });

  it('keeps its live call talking both ways, takes nothing new, and exits 0 once the call ends', async () => {
    const { stack } = fixture;
    const gateway = gatewayUnderTest(fixture.rig, stack);
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    const call = await fixture.holdCall(grant.callToken);
    await call.hears(25);

    const sigtermAt = Date.now();
    gateway.terminate();
    await expect.poll(async () => (await gateway.readiness()).status).toBe(503);
    expect(HealthSchema.parse((await gateway.readiness()).body).status).toBe('draining');

    const next = await requestCallGrant({ apiUrl: stack.apiUrl });
    const refused = await placeWebCall({ gatewayUrl: stack.gatewayUrl, token: next.callToken });
    expect(refused).toMatchObject({ status: 503, endCode: 'gateway_draining' });
    const test = await gateway.requestConnectionTest();
    expect(test.status).toBe(503);
    expect(await test.json()).toMatchObject({ code: 'draining' });

    // Three more seconds of the agent's audio, well after the SIGTERM; the gateway waits.
    await call.hears(150);
    expect(gateway.process().hasExited()).toBe(false);
    expect(await call.hangUp()).toBe(200);
    expect(await gateway.process().exited).toEqual({ code: 0, signal: null });

    // And the agent heard the visitor all along: the 440 Hz tone after the SIGTERM too.
    const agent = stack.agents.get('support-en')!;
    await agent.waitForCallEvent(grant.callId, 'CALL_CLOSED');
    const heard = (await agent.recordings()).filter((r) => r.direction === 'received').at(-1);
    const afterSigterm = from(
      await readWav(heard!.path),
      (sigtermAt - call.answeredAt) / 1000 + 0.5,
    );
    expect(analyseTone(afterSigterm, 440).ratio).toBeGreaterThan(0.8);
  });
});

import { describe, expect, it } from 'vitest';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { gatewayUnderTest } from '../support/media/gateway-under-test.ts';
import { useOneAgentStack } from '../support/rig/use-one-agent-stack.ts';

const drainTimeoutMs = 2000;

// A call that outlives the drain timeout is ended by the gateway, with the reason the widget
// shows ("restarting for maintenance": call again, or a callback), and the process exits 0.
describe('a drain that runs out of time', () => {
  const fixture = useOneAgentStack('gateway-drain-timeout', {
    mediaEnv: { MEDIA_WORKERS: '1', MEDIA_DRAIN_TIMEOUT_MS: String(drainTimeoutMs) },
    callsFromOneAddress: 1000,
  });

  it('ends the call left at the timeout with gateway_draining, then exits 0', async () => {
    const { stack } = fixture;
    const gateway = gatewayUnderTest(fixture.rig, stack);
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    const call = await fixture.holdCall(grant.callToken);
    await call.hears(25);

    const sigtermAt = Date.now();
    gateway.terminate();
    const bye = await call.remoteBye;
    expect(bye.endCode).toBe('gateway_draining');
    // Not before the timeout: until then the call was left alone.
    expect(bye.at - sigtermAt).toBeGreaterThanOrEqual(drainTimeoutMs);
    expect(await gateway.process().exited).toEqual({ code: 0, signal: null });
    // The agent's leg was hung up too.
    await stack.agents.get('support-en')!.waitForCallEvent(grant.callId, 'CALL_CLOSED');
  });
});

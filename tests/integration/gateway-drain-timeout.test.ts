import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { holdWebCall, type HeldWebCall } from '../support/caller/held-web-call.ts';
import { gatewayUnderTest } from '../support/media/gateway-under-test.ts';
import { useRig } from '../support/rig/use-rig.ts';

const drainTimeoutMs = 2000;

// A call that outlives the drain timeout is ended by the gateway, with the reason the widget
// shows ("restarting for maintenance": call again, or a callback), and the process exits 0.
describe('a drain that runs out of time', () => {
  const rig = useRig('gateway-drain-timeout');
  let stack: Stack;
  let call: HeldWebCall | undefined;

  beforeAll(async () => {
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [{ queue: 'support-en', codecs: ['PCMU'] }],
      rebuildWidget: false,
      mediaEnv: { MEDIA_WORKERS: '1', MEDIA_DRAIN_TIMEOUT_MS: String(drainTimeoutMs) },
      editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 1000),
    });
  });
  afterAll(async () => {
    await call?.close();
    await stack?.stop();
  });

  it('ends the call left at the timeout with gateway_draining, then exits 0', async () => {
    const gateway = gatewayUnderTest(rig, stack);
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    call = await holdWebCall({ gatewayUrl: stack.gatewayUrl, token: grant.callToken });
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

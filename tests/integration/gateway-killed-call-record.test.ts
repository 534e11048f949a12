import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { servicesHost } from '../../infra/dev/spawn-services.ts';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { freePort } from '../../infra/rig/ports.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { apiMetric, callEventsStored } from '../support/api/api-metrics.ts';
import { listGatewayNodes } from '../support/api/gateway-node-list.ts';
import { readStoredCallFromPglite } from '../support/api/stored-call.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { holdWebCall, type HeldWebCall } from '../support/caller/held-web-call.ts';
import { useRig } from '../support/rig/use-rig.ts';

const serviceToken = 'gateway-killed-service-token-'.padEnd(48, 'x');
const nodeId = 'node-a';

// A gateway killed outright in the middle of a call (SIGKILL, as when the OOM killer or a lost
// machine takes it) reports nothing more of the call. Started again, it announces itself
// under a new boot id: the API ends the dead process's call record with its reason, and the
// site's one place for a call in progress is free for the next visitor, not held for hours.
describe('a gateway killed in the middle of a call', () => {
  const rig = useRig('gateway-killed-call-record');
  let stack: Stack;
  let call: HeldWebCall | undefined;

  const bootIdOfNode = async () =>
    (await listGatewayNodes(stack.apiUrl, serviceToken)).get(nodeId)?.bootId;
  /** A visitor's call token, or why the API refused it. */
  const grantOrRefusal = () =>
    requestCallGrant({ apiUrl: stack.apiUrl }).then(
      (grant) => grant,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );

  beforeAll(async () => {
    const mediaPort = await freePort();
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [{ queue: 'support-en', codecs: ['PCMU'] }],
      rebuildWidget: false,
      ports: { media: mediaPort },
      apiEnv: { API_SERVICE_TOKEN: serviceToken },
      mediaEnv: {
        MEDIA_API_SERVICE_TOKEN: serviceToken,
        MEDIA_NODE_ID: nodeId,
        MEDIA_PUBLIC_URL: `ws://${servicesHost}:${mediaPort}/sip`,
        MEDIA_ANNOUNCE_INTERVAL_MS: '250',
        MEDIA_WORKERS: '1',
      },
      editSites: (sites) => {
        const acme = sites.sites.acme!;
        allowCallsFromOneAddress(acme, 1000);
        // One call at a time for the whole site: a call never ended would block every visitor.
        acme.limits.concurrentCallsPerSite = 1;
      },
    });
    await waitFor(async () => (await bootIdOfNode()) !== undefined, {
      timeoutMs: 30_000,
      what: `the API to list ${nodeId} with its boot id`,
    });
  });
  afterAll(async () => {
    await call?.close();
    await stack?.stop();
  });

  it("ends the call's record as connection_lost once the gateway is back, and frees the site's place", async () => {
    const firstBoot = await bootIdOfNode();
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    expect(decodeJwt(grant.callToken).node, 'the call is placed on the announcing node').toBe(
      nodeId,
    );
    call = await holdWebCall({ gatewayUrl: grant.gatewayUrl, token: grant.callToken });
    await call.hears(50);
    await expect
      .poll(() => callEventsStored(stack.apiUrl, ['created', 'answered', 'ended']), {
        timeout: 30_000,
      })
      .toEqual({ created: 1, answered: 1, ended: 0 });
    // The site's one place is the call's.
    expect(await grantOrRefusal()).toMatch(/429/);

    // The gateway and its worker at once, as when its machine or container dies.
    process.kill(-stack.gateway().pid, 'SIGKILL');
    const killedAt = Date.now();
    await stack.restartGateway();
    await expect.poll(bootIdOfNode, { timeout: 30_000 }).not.toBe(firstBoot);
    await expect
      .poll(
        () =>
          apiMetric(
            stack.apiUrl,
            'api_calls_ended_for_gone_gateway_total{cause="gateway_restarted"}',
          ),
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    const learnedBy = Date.now();
    // The next visitor gets a call again: the dead call no longer holds the site's place.
    const next = await grantOrRefusal();
    expect(next, 'a call token for the next visitor').toMatchObject({ kind: 'call' });

    const { record, eventsAsReceived } = await stack.whileApiStopped((dataDir) =>
      readStoredCallFromPglite(dataDir, grant.callId),
    );
    expect(record).toMatchObject({
      status: 'ended',
      endReason: 'connection_lost',
      endInferred: 'gateway_restarted',
      gatewayNode: nodeId,
      gatewayBootId: firstBoot,
    });
    // Ended when the API learned it: after the kill, by the time it said so.
    expect(record!.endedAt!.getTime()).toBeGreaterThanOrEqual(killedAt);
    expect(record!.endedAt!.getTime()).toBeLessThanOrEqual(learnedBy);
    expect(record!.answeredAt).toBeDefined();
    // Nothing from the dead process: the end is the API's, not a report.
    expect(eventsAsReceived.map((event) => event.type)).not.toContain('ended');
  });
});

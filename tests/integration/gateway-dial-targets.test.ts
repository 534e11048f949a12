import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SitesFileSchema } from '../../protocol/api/site-config.ts';
import { HealthSchema } from '../../protocol/health.ts';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import type { BaresipAgent } from '../../infra/rig/baresip-agent.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { plausibleClaims, readApiSigningKey, signToken } from '../support/caller/crafted-tokens.ts';
import { sendInvite } from '../support/caller/sip-invite-session.ts';
import { openSipWs } from '../support/caller/sip-ws-connection.ts';
import { placeWebCall } from '../support/caller/web-caller.ts';
import { createWebRtcAudioPeer } from '../support/caller/webrtc-audio-peer.ts';

// The toll-fraud guard: a call token signed with the API's own key still reaches only the
// queues the site's routing leads to. The gateway gets that list from the API (and again when
// a call names a target it lacks), so a token naming anything else (another PBX user, a
// premium number) is refused with 403 before any INVITE leaves, and raises an alert.
describe('the gateway dials only the targets the API allows', () => {
  const rig = useRig('gateway-dial-targets');
  let stack: Stack;
  let support: BaresipAgent;
  let premium: BaresipAgent;
  let apiDataDir: string;

  const mediaLog = () => {
    const media = rig.processes.list().find((p) => p.name === 'media')!;
    return readFileSync(media.logPath, 'utf8');
  };
  const mediaLogLines = () =>
    mediaLog()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const alertFor = (callId: string) =>
    mediaLogLines().find(
      (line) => String(line.msg).startsWith('toll-fraud alert:') && line.callId === callId,
    );
  const gatewayHttp = (path: string) =>
    fetch(new URL(path, stack.gatewayUrl.replace(/^ws/, 'http')));

  /** A token signed with the API's key, for the demo site, naming `uri` as its queue. */
  const tokenNaming = async (name: string, uri: string) => {
    const claims = plausibleClaims({ queue: { name, uri, displayName: 'Target' } });
    const token = await signToken(await readApiSigningKey(apiDataDir), claims);
    return { token, callId: claims.callId };
  };
  /** An INVITE with `token` and a real offer; resolves with the final answer. */
  const attempt = async (token: string) => {
    const peer = createWebRtcAudioPeer();
    const connection = await openSipWs(stack.gatewayUrl);
    try {
      return await sendInvite(connection, { sdp: await peer.createOffer(), token }).final;
    } finally {
      connection.close();
      await peer.close();
    }
  };
  /** A whole call with `token`; once answered, resolves when `agent` too has seen it end. */
  const call = async (token: string, callId: string, agent: BaresipAgent) => {
    const placed = await placeWebCall({ gatewayUrl: stack.gatewayUrl, token, talkMs: 300 });
    if (placed.status === 200) await agent.waitForCallEvent(callId, 'CALL_CLOSED');
    return placed;
  };
  /** SIP Call-IDs of the calls `agent` heard of (the gateway uses our call id as the PBX's). */
  const callsAt = (agent: BaresipAgent) =>
    new Set(agent.events.flatMap((e) => (e.type.startsWith('CALL_') && e.id ? [e.id] : [])));
  /** The operator routes the new queue `premium` in the sites file; the API reloads it. */
  const routePremium = () => {
    const sites = SitesFileSchema.parse(JSON.parse(readFileSync(stack.sitesFile, 'utf8')));
    addQueueWithIntent(sites.sites.acme!, 'premium', 'Premium line');
    const next = `${stack.sitesFile}.next`;
    writeFileSync(next, JSON.stringify(sites, null, 2));
    renameSync(next, stack.sitesFile);
  };

  beforeAll(async () => {
    const workDir = rig.dir.workDir('stack');
    apiDataDir = join(workDir, 'api-data');
    stack = await startStack({
      processes: rig.processes,
      workDir,
      // `premium` is a queue of the PBX (kamailio routes queue-premium to agent-premium) that
      // the site does not route to until a test adds it.
      agents: [
        { queue: 'support-en', codecs: ['PCMU'] },
        { queue: 'premium', codecs: ['PCMU'] },
      ],
      rebuildWidget: false,
      editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 1000),
      mediaEnv: {
        // No scheduled refresh within the tests: a new queue is found by the call's own miss.
        MEDIA_DIAL_TARGETS_REFRESH_MS: '3600000',
        // Refused INVITEs on purpose from one address: stay clear of the flood ban.
        MEDIA_FLOOD_REFUSED_INVITES_PER_MIN: '1000',
      },
    });
    support = stack.agents.get('support-en')!;
    premium = stack.agents.get('premium')!;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is ready once it holds the dial targets', async () => {
    const ready = await gatewayHttp('/readyz');
    expect(ready.status).toBe(200);
    expect(HealthSchema.parse(await ready.json()).checks).toMatchObject({ dialTargets: 'ok' });
  });

  it('dials a queue the site routes to: from a grant, or a signed token naming the same URI', async () => {
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    const granted = await call(grant.callToken, grant.callId, support);
    expect(granted).toMatchObject({ status: 200, byeStatus: 200 });
    expect(granted.packets.received).toBeGreaterThan(5);
    const crafted = await tokenNaming('support-en', stack.kamailio.queueUri('support-en'));
    const same = await call(crafted.token, crafted.callId, support);
    expect(same).toMatchObject({ status: 200, byeStatus: 200 });
    expect([...callsAt(support)]).toEqual(expect.arrayContaining([grant.callId, crafted.callId]));
  });

  it('refuses a signed token naming a PBX queue the site does not route to, until it does', async () => {
    const attack = await tokenNaming('premium', stack.kamailio.queueUri('premium'));
    const refused = await attempt(attack.token);
    expect(refused.status).toBe(403);
    expect(refused.reason).toBe('SIP;cause=403;text="unauthorized"');
    await expect
      .poll(() => alertFor(attack.callId))
      .toMatchObject({
        level: 50,
        site: 'acme',
        targetHost: '127.0.0.1',
      });
    const metrics = await (await gatewayHttp('/metrics')).text();
    expect(metrics).toMatch(/^media_toll_fraud_alerts_total [1-9]/m);

    // The operator routes calls to `premium`: a visitor's call to it goes through at once.
    routePremium();
    const grant = await vi.waitFor(
      () =>
        requestCallGrant({
          apiUrl: stack.apiUrl,
          routing: { intent: 'premium', language: 'en', country: 'US' },
        }),
      { timeout: 30_000, interval: 200 },
    );
    expect(grant.callToken).toBeTruthy();
    const placed = await call(grant.callToken, grant.callId, premium);
    expect(placed).toMatchObject({ status: 200, byeStatus: 200 });
    // baresip reports calls in order: once this call is reported over, the refused attempt
    // would have been reported before it had its INVITE reached the PBX.
    expect([...callsAt(premium)]).toEqual([grant.callId]);
  });

  it('names the host of a refused target in its alert, never the number', async () => {
    const attack = await tokenNaming('support-en', 'sip:+19005550100@premium-rate.example');
    const refused = await attempt(attack.token);
    expect(refused).toMatchObject({ status: 403, endCode: 'unauthorized' });
    await expect
      .poll(() => alertFor(attack.callId))
      .toMatchObject({
        level: 50,
        site: 'acme',
        targetHost: 'premium-rate.example',
      });
    expect(mediaLog()).not.toContain('9005550100');
  });
});

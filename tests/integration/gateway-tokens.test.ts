import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import type { BaresipAgent } from '../../infra/rig/baresip-agent.ts';
import { analyseTone, readWav } from '../../infra/rig/tone.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import {
  forgerKey,
  plausibleClaims,
  readApiSigningKey,
  signToken,
} from '../support/caller/crafted-tokens.ts';
import { sendInvite } from '../support/caller/sip-invite-session.ts';
import { openSipWs } from '../support/caller/sip-ws-connection.ts';
import { placeWebCall } from '../support/caller/web-caller.ts';
import { createWebRtcAudioPeer } from '../support/caller/webrtc-audio-peer.ts';
import { allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';

// The call token is the only thing standing between the open internet and the contact
// center's queues: every bad one must end the attempt at the gateway with 403 and our
// `unauthorized` code, reach no agent, leave no trace in the logs, and leave the gateway serving.
describe('the gateway refuses bad call tokens', () => {
  const rig = useRig('gateway-tokens');
  let stack: Stack;
  let agent: BaresipAgent;
  let apiDataDir: string;
  const tokensSeen: string[] = [];

  const grant = async () => {
    const { callToken } = await requestCallGrant({ apiUrl: stack.apiUrl });
    tokensSeen.push(callToken);
    return callToken;
  };
  // Calls the agent heard of in any way (ringing, answered, closed), by their SIP Call-ID.
  const callsAtAgent = () =>
    new Set(agent.events.filter((e) => e.type.startsWith('CALL_') && e.id).map((e) => e.id)).size;

  /** An INVITE with `token` and a real offer; resolves with the final answer. */
  const attempt = async (token: string | undefined) => {
    if (token) tokensSeen.push(token);
    const peer = createWebRtcAudioPeer();
    const connection = await openSipWs(stack.gatewayUrl);
    try {
      const invite = sendInvite(connection, {
        sdp: await peer.createOffer(),
        ...(token !== undefined ? { token } : {}),
      });
      return await invite.final;
    } finally {
      connection.close();
      await peer.close();
    }
  };

  beforeAll(async () => {
    const workDir = rig.dir.workDir('stack');
    apiDataDir = join(workDir, 'api-data');
    stack = await startStack({
      processes: rig.processes,
      workDir,
      agents: [{ queue: 'support-en', codecs: ['PCMU'] }],
      rebuildWidget: false,
      editSites: (sites) => {
        allowCallsFromOneAddress(sites.sites.acme!, 1000);
      },
    });
    agent = stack.agents.get('support-en')!;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const expectRefused = (final: {
    status: number;
    endCode: string | undefined;
    reason: string | undefined;
  }) => {
    expect(final.status).toBe(403);
    expect(final.reason).toMatch(/^SIP;cause=403;text="unauthorized"$/);
  };

  it('lets a good token through: the agent answers and hears the caller', async () => {
    const before = callsAtAgent();
    const call = await placeWebCall({ gatewayUrl: stack.gatewayUrl, token: await grant() });
    expect(call).toMatchObject({ status: 200, codec: 'PCMU', byeStatus: 200 });
    expect(call.packets.sent).toBeGreaterThan(30);
    expect(call.packets.received).toBeGreaterThan(20);
    await vi.waitFor(() => expect(callsAtAgent()).toBe(before + 1));
    const heard = (await agent.recordings()).filter((r) => r.direction === 'received').at(-1);
    expect(analyseTone(await readWav(heard!.path), 440).ratio).toBeGreaterThan(0.8);
  });

  it('refuses an INVITE without a token', async () => {
    expectRefused(await attempt(undefined));
  });

  it('refuses an expired token signed with the API key', async () => {
    const iat = Math.floor(Date.now() / 1000) - 200;
    const claims = plausibleClaims({ iat, exp: iat + 120 });
    expectRefused(await attempt(await signToken(await readApiSigningKey(apiDataDir), claims)));
  });

  it('refuses a token for another audience signed with the API key', async () => {
    const claims = plausibleClaims({ aud: 'api' });
    expectRefused(await attempt(await signToken(await readApiSigningKey(apiDataDir), claims)));
  });

  it('refuses a forged token: same key id, another Ed25519 key', async () => {
    const { kid } = await readApiSigningKey(apiDataDir);
    expectRefused(await attempt(await signToken(await forgerKey(kid), plausibleClaims())));
  });

  it('refuses a replayed token: the first call goes through, the second does not', async () => {
    const token = await grant();
    expect((await placeWebCall({ gatewayUrl: stack.gatewayUrl, token, talkMs: 300 })).status).toBe(
      200,
    );
    expectRefused(await attempt(token));
  });

  it('reaches no agent with any refused token', () => {
    // Two good calls so far (the first test and the replay's first use); nothing else.
    expect(callsAtAgent()).toBe(2);
  });

  it('survives garbage frames and answers a broken SDP with 488', async () => {
    const connection = await openSipWs(stack.gatewayUrl);
    connection.sendRaw(Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]));
    connection.sendRaw('hello\r\n\r\n');
    connection.sendRaw('INVITE sip:gateway@click-to-call.invalid SIP/2.0\r\nVia: x\r\n\r\n');
    connection.sendRaw(`SIP/2.0 200 OK\r\nCSeq: banana\r\n\r\n`);
    connection.sendRaw('x'.repeat(70 * 1024));
    connection.close();
    await connection.closed;

    const broken = await openSipWs(stack.gatewayUrl);
    const token = await grant();
    const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 96\r\n';
    const final = await sendInvite(broken, { token, sdp }).final;
    broken.close();
    expect(final.status).toBe(488);
    expect(final.endCode).toBe('incompatible');
  });

  it('keeps serving good calls afterwards', async () => {
    const call = await placeWebCall({ gatewayUrl: stack.gatewayUrl, token: await grant() });
    expect(call).toMatchObject({ status: 200, byeStatus: 200 });
    expect(call.packets.received).toBeGreaterThan(20);
  });

  it('never writes a token into its log', () => {
    const media = rig.processes.list().find((p) => p.name === 'media')!;
    const log = readFileSync(media.logPath, 'utf8');
    expect(log).toContain('call ended');
    expect(tokensSeen.length).toBeGreaterThan(6);
    for (const token of tokensSeen) {
      // The signature alone is enough to replay-hunt a token: look for it and the whole.
      const signature = token.split('.')[2]!;
      expect(log.includes(signature), 'a token signature in the media log').toBe(false);
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
// Each test makes the calls and tokens it looks at, so any one of them can run alone.
describe('the gateway refuses bad call tokens', () => {
  const rig = useRig('gateway-tokens');
  let stack: Stack;
  let agent: BaresipAgent;
  let apiDataDir: string;

  const grant = async (): Promise<{ token: string; callId: string }> => {
    const { callToken, callId } = await requestCallGrant({ apiUrl: stack.apiUrl });
    return { token: callToken, callId };
  };
  const signedWithApiKey = async (overrides: Record<string, unknown>) =>
    signToken(await readApiSigningKey(apiDataDir), plausibleClaims(overrides));
  /** Every kind of bad token but the replay (which needs a call first), freshly made. */
  const badTokens: Record<string, () => Promise<string | undefined>> = {
    none: async () => undefined,
    expired: () => {
      const iat = Math.floor(Date.now() / 1000) - 200;
      return signedWithApiKey({ iat, exp: iat + 120 });
    },
    otherAudience: () => signedWithApiKey({ aud: 'api' }),
    forged: async () => {
      const { kid } = await readApiSigningKey(apiDataDir);
      return signToken(await forgerKey(kid), plausibleClaims());
    },
  };

  /** An INVITE with `token` and a real offer; resolves with the final answer. */
  const attempt = async (token: string | undefined) => {
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
  const expectRefused = (final: { status: number; reason: string | undefined }) => {
    expect(final.status).toBe(403);
    expect(final.reason).toMatch(/^SIP;cause=403;text="unauthorized"$/);
  };
  /** A good call, talked and hung up; resolves once the agent too has seen it end. */
  const goodCall = async (talkMs?: number) => {
    const { token, callId } = await grant();
    const call = await placeWebCall({ gatewayUrl: stack.gatewayUrl, token, talkMs });
    // The gateway uses our call id as the PBX leg's SIP Call-ID, which baresip reports.
    if (call.status === 200) await agent.waitForCallEvent(callId, 'CALL_CLOSED');
    return { call, token, callId };
  };
  /** SIP Call-IDs of the calls the agent heard of (ringing, answered, closed) from event `from`. */
  const callsAtAgent = (from = 0) =>
    new Set(
      agent.events.slice(from).flatMap((e) => (e.type.startsWith('CALL_') && e.id ? [e.id] : [])),
    );

  /** Frames that are not SIP, half a request, a response to nothing, an oversized frame. */
  const sendGarbage = async () => {
    const connection = await openSipWs(stack.gatewayUrl);
    connection.sendRaw(Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]));
    connection.sendRaw('hello\r\n\r\n');
    connection.sendRaw('INVITE sip:gateway@click-to-call.invalid SIP/2.0\r\nVia: x\r\n\r\n');
    connection.sendRaw(`SIP/2.0 200 OK\r\nCSeq: banana\r\n\r\n`);
    connection.sendRaw('x'.repeat(70 * 1024));
    connection.close();
    await connection.closed;
  };
  /** An INVITE with a good token and an SDP offer without any usable media line. */
  const offerBrokenSdp = async () => {
    const broken = await openSipWs(stack.gatewayUrl);
    const { token } = await grant();
    const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 96\r\n';
    const final = await sendInvite(broken, { token, sdp }).final;
    broken.close();
    return { final, token };
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
      // A dozen INVITEs refused from one address within a minute, on purpose: above the
      // flood limit that would ban the address (and so the tests after them).
      mediaEnv: { MEDIA_FLOOD_REFUSED_INVITES_PER_MIN: '1000' },
    });
    agent = stack.agents.get('support-en')!;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('lets a good token through: the agent answers and hears the caller', async () => {
    const { call, callId } = await goodCall();
    expect(call).toMatchObject({ status: 200, codec: 'PCMU', byeStatus: 200 });
    expect(call.packets.sent).toBeGreaterThan(30);
    expect(call.packets.received).toBeGreaterThan(20);
    expect(callsAtAgent()).toContain(callId);
    const heard = (await agent.recordings()).filter((r) => r.direction === 'received').at(-1);
    expect(analyseTone(await readWav(heard!.path), 440).ratio).toBeGreaterThan(0.8);
  });

  it('refuses an INVITE without a token', async () => {
    expectRefused(await attempt(await badTokens.none!()));
  });

  it('refuses an expired token signed with the API key', async () => {
    expectRefused(await attempt(await badTokens.expired!()));
  });

  it('refuses a token for another audience signed with the API key', async () => {
    expectRefused(await attempt(await badTokens.otherAudience!()));
  });

  it('refuses a forged token: same key id, another Ed25519 key', async () => {
    expectRefused(await attempt(await badTokens.forged!()));
  });

  it('refuses a replayed token: the first call goes through, the second does not', async () => {
    const { call, token } = await goodCall(300);
    expect(call.status).toBe(200);
    expectRefused(await attempt(token));
  });

  it('reaches no agent with any refused token', async () => {
    const from = agent.events.length;
    const known = callsAtAgent();
    for (const mint of Object.values(badTokens)) expectRefused(await attempt(await mint()));
    const replayed = await goodCall(300);
    expectRefused(await attempt(replayed.token));
    // baresip reports calls in order on one connection: once the last good call is reported
    // over, any refused attempt that had reached the agent would have been reported before it.
    const last = await goodCall(300);
    const reached = [...callsAtAgent(from)].filter((id) => !known.has(id));
    expect(reached.sort()).toEqual([replayed.callId, last.callId].sort());
    // Each call the agent heard of ends once for it: a second end would be the replay's.
    const replayEnds = agent.events
      .slice(from)
      .filter((e) => e.type === 'CALL_CLOSED' && e.id === replayed.callId);
    expect(replayEnds, 'calls at the agent with the replayed token').toHaveLength(1);
  });

  it('survives garbage frames and answers a broken SDP with 488', async () => {
    await sendGarbage();
    const { final } = await offerBrokenSdp();
    expect(final.status).toBe(488);
    expect(final.endCode).toBe('incompatible');
  });

  it('keeps serving good calls after garbage frames and a broken SDP', async () => {
    await sendGarbage();
    expect((await offerBrokenSdp()).final.status).toBe(488);
    const { call } = await goodCall();
    expect(call).toMatchObject({ status: 200, byeStatus: 200 });
    expect(call.packets.received).toBeGreaterThan(20);
  });

  it('never writes a token into its log', async () => {
    const media = rig.processes.list().find((p) => p.name === 'media')!;
    const log = () => readFileSync(media.logPath, 'utf8');
    const endsLogged = () => log().match(/"msg":"call ended"/g)?.length ?? 0;
    const endsBefore = endsLogged();
    const tokens: string[] = [];
    for (const mint of Object.values(badTokens)) {
      const token = await mint();
      if (token) tokens.push(token);
      expectRefused(await attempt(token));
    }
    const replayed = await goodCall(300);
    tokens.push(replayed.token);
    expectRefused(await attempt(replayed.token));
    const broken = await offerBrokenSdp();
    tokens.push(broken.token);
    // Every attempt above ends with a "call ended" line: wait until the log holds them all.
    const attempts = Object.keys(badTokens).length + 3;
    await expect.poll(endsLogged).toBeGreaterThanOrEqual(endsBefore + attempts);
    const written = log();
    for (const token of tokens) {
      // The signature alone is enough to replay-hunt a token: look for it and the whole.
      const signature = token.split('.')[2]!;
      expect(written.includes(signature), 'a token signature in the media log').toBe(false);
    }
  });
});

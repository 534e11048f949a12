import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallGrantSchema, CreateCallRequestSchema } from '../../protocol/api/call-request.ts';
import { addQueueWithIntent } from '../../infra/dev/site-edits.ts';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { analyseTone, readWav, writeToneWav } from '../../infra/rig/tone.ts';
import { sleep } from '../../infra/rig/wait.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import type { RigBrowser } from '../support/browser/chromium.ts';
import { launchChromiumInNamespace } from '../support/browser/chromium-in-namespace.ts';
import { signalFromDriver } from '../support/browser/signalling-from-driver.ts';
import { openCallPage, remoteAudioStream } from '../support/e2e/call-page.ts';
import {
  createNetworkNamespace,
  linkNamespaces,
  type NetworkNamespace,
} from '../support/net/network-namespace.ts';
import { turnOnlyFirewall, type TurnOnlyFirewall } from '../support/net/turn-only-firewall.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { startCoturn, type RigCoturn } from '../support/turn/coturn.ts';
import { recordPeerConnections, selectedPath, tryRelay } from '../support/turn/relay-checks.ts';

const run = promisify(execFile);

// A visitor on a corporate network that lets nothing out but TLS to the TURN server on 443:
// the visitor's Chromium in a namespace of its own behind that firewall, the product and
// coturn (the reference config, through its start script) in the test's namespace, the
// gateway's media on an address the visitor cannot reach. The widget's HTTP and WebSocket go
// through the test process (standing for the company's web proxy), so the browser's own
// network carries only what WebRTC sends.
//   visitor 10.221.0.2 --veth-- 10.221.0.1 coturn :443 (relays from here)
//                               10.221.0.3 gateway media (coturn's only allowed peer)
const addresses = { turn: '10.221.0.1', visitor: '10.221.0.2', gatewayMedia: '10.221.0.3' };
/** Short, so the test sees it expire; each grant mints its own, used within seconds. */
const credentialLifetimeS = 25;
const queue = 'turn';

/**
 * Links and addresses get added to this namespace: refuse one with a default route (the
 * machine's own, on a real network). `npm test`'s private namespace has none. Other links may
 * be there: test files of other projects add theirs meanwhile.
 */
async function assertOffTheNetwork(): Promise<void> {
  const { stdout } = await run('ip', ['route', 'show', 'default']);
  if (stdout.trim()) {
    throw new Error(
      "this test adds links and addresses: run it in a private network namespace, as npm test does (unshare -n sh -c 'ip link set lo up && exec vitest run FILE')",
    );
  }
}

describe('a visitor whose network lets only TLS to the TURN server on 443 out', () => {
  const rig = useRig('turn-locked-down');
  const hostSide = `turn${process.pid}`.slice(0, 15);
  let visitor: NetworkNamespace | undefined;
  let firewall: TurnOnlyFirewall;
  let coturn: RigCoturn;
  let stack: Stack | undefined;
  let chromium: RigBrowser | undefined;

  beforeAll(async () => {
    await assertOffTheNetwork();
    visitor = await createNetworkNamespace('visitor');
    await linkNamespaces(
      { iface: hostSide, cidr: `${addresses.turn}/24` },
      { namespace: visitor, iface: 'eth0', cidr: `${addresses.visitor}/24` },
    );
    await run('ip', ['addr', 'add', `${addresses.gatewayMedia}/24`, 'dev', hostSide]);
    firewall = await turnOnlyFirewall(visitor, { address: addresses.turn, port: 443 });
    coturn = await startCoturn({
      processes: rig.processes,
      workDir: rig.dir.workDir('coturn'),
      address: addresses.turn,
      gatewayAddress: addresses.gatewayMedia,
    });
    const microphone = await writeToneWav(join(rig.dir.workDir('browser'), 'mic-440.wav'), {
      hz: 440,
      seconds: 120,
    });
    [stack, chromium] = await Promise.all([
      startStack({
        processes: rig.processes,
        workDir: rig.dir.workDir('stack'),
        agents: [{ queue }],
        editSites: (sites) => {
          const acme = sites.sites.acme!;
          addQueueWithIntent(acme, queue, 'Test queue TURN');
          acme.media.turn = { urls: [coturn.url] };
        },
        apiEnv: {
          API_TURN_SECRET_FILE: coturn.secretFile,
          API_TURN_CREDENTIAL_LIFETIME_S: String(credentialLifetimeS),
        },
        mediaEnv: { MEDIA_RTC_LISTEN_IP: addresses.gatewayMedia },
      }),
      launchChromiumInNamespace(visitor, rig.dir.workDir('browser'), {
        fakeAudioCapture: microphone,
        // Trusts the test CA's certificate for coturn alone; TURN over TLS is checked.
        extraArgs: [`--ignore-certificate-errors-spki-list=${coturn.spkiSha256}`],
      }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
    await rig.processes.stopAll();
    // The veth pair goes with the namespace holding one end.
    await visitor?.remove();
  });

  it('talks to the agent through coturn, and the credential it used then expires', async () => {
    const context = await chromium!.browser.newContext();
    await signalFromDriver(context, { webSocketProtocols: ['sip'] });
    await recordPeerConnections(context);
    const page: Page = await context.newPage();
    const callRequest = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url().endsWith('/v1/calls'),
    );
    const callResponse = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/v1/calls'),
    );
    // The connection test runs on the TURN path too: its verdict lets the journey go on.
    await openCallPage(page, stack!, { intent: queue });
    const { connectionTest } = CreateCallRequestSchema.parse((await callRequest).postDataJSON());
    expect(connectionTest, 'measured through the relay, over TCP').toMatchObject({
      transport: 'tcp',
    });
    expect(connectionTest?.verdict).not.toBe('failed');
    const grant = CallGrantSchema.parse(await (await callResponse).json());
    const turn = grant.iceServers.find((server) => server.username)!;
    expect(turn.urls).toEqual([coturn.url]);

    await page.waitForSelector('[data-testid="call-screen"][data-phase="talking"]', {
      timeout: 30_000,
    });
    // Answered can come before ICE and DTLS are through the relay: wait for the connection.
    await expect
      .poll(() => selectedPath(page), { message: 'the call is relayed by coturn over TLS' })
      .toEqual({
        localCandidateType: 'relay',
        localAddress: addresses.turn,
        relayProtocol: 'tls',
        remoteAddress: addresses.gatewayMedia,
        remoteProtocol: 'udp',
      });
    expect(
      await firewall.droppedUdpPackets(),
      'the direct path to the gateway was tried, and dropped',
    ).toBeGreaterThan(0);
    // While it is valid, the credential opens further relays: the refusal below is its expiry.
    const whileValid = await tryRelay(page, turn);
    expect(whileValid.relayCandidates, JSON.stringify(whileValid)).toBe(1);
    expect(whileValid.errors.filter((error) => error.startsWith('401 '))).toEqual([]);

    const heard = await probeTone(page, await remoteAudioStream(page), 1000, 2500);
    expect(heard, 'the agent tone reaches the browser').toMatchObject({ detected: true });

    // coturn accepts the username up to its expiry second and refuses it from the next one.
    const expiresAt = Number(turn.username!.split(':')[0]);
    await sleep(Math.max(0, (expiresAt + 1) * 1000 + 200 - Date.now()));
    const expired = await tryRelay(page, turn);
    expect(expired.relayCandidates, 'coturn gives the expired credential no relay').toBe(0);
    // (Chromium also tries from its loopback interface, which cannot reach coturn: 701.)
    expect(expired.errors, 'coturn refuses it as unauthorized').toContainEqual(
      expect.stringMatching(/^401 /),
    );
    // The relay it opened outlives it: the call goes on.
    const stillHeard = await probeTone(page, await remoteAudioStream(page), 1000, 1500);
    expect(stillHeard, 'the agent tone still arrives').toMatchObject({ detected: true });

    await page.getByTestId('call-end').click();
    await page.getByTestId('rating-screen').waitFor();
    const agent = stack!.agents.get(queue)!;
    await expect.poll(async () => (await agent.listCalls()).length).toBe(0);
    const received = (await agent.recordings()).filter((r) => r.direction === 'received');
    const audio = await readWav(received[received.length - 1]!.path);
    expect(analyseTone(audio, 440).ratio, 'the browser tone reaches the agent').toBeGreaterThan(
      0.8,
    );
    await context.close();
  }, 150_000);
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as sdpTransform from 'sdp-transform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/rig/run-dir.ts';
import { analyseTone, readWav, TONE_THRESHOLD } from '../../infra/rig/tone.ts';
import { loadMediaConfig } from '../../protocol/config/media-config.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import {
  agentToneHz,
  gatewayInterfaces,
  rigAddresses,
  startTwoNetworkRig,
  type TwoNetworkRig,
} from '../support/dual-homed/two-network-rig.ts';
import { captureInterface, type CapturedPacket } from '../support/net/interface-capture.ts';
import { isSipMessage, parseSipText, sipHost, webRtcKind } from '../support/net/wire-contents.ts';
import { useRig } from '../support/rig/use-rig.ts';

// A gateway with a public and an internal side (two networks of namespaces and veth links,
// see two-network-rig.ts), configured as the deployment guide says: browsers' media on the
// public address and range, announced through a NAT; the PBX's RTP and SIP on the internal
// address and a range of their own. One call is captured on both of the gateway's
// interfaces. The public wire must show the visitor's ICE, DTLS and SRTP on the browsers'
// range and nothing of the PBX; the PBX must never be told a public address.

const callerHz = 440; // what the werift visitor sends
// The defaults, which the gateway is not told: the test holds it to them.
const { rtcMinPort, rtcMaxPort, pbxRtpMinPort, pbxRtpMaxPort } = loadMediaConfig({});
const publicAddresses: readonly string[] = [
  rigAddresses.gatewayPublic,
  rigAddresses.gatewayAnnounced,
];

describe('a dual-homed gateway between the internet and the contact center', () => {
  const rig = useRig('dual-homed-media');
  let net: TwoNetworkRig;
  let publicWire: CapturedPacket[];
  let internalWire: CapturedPacket[];
  let call: Awaited<ReturnType<TwoNetworkRig['placeVisitorCall']>>;

  beforeAll(async () => {
    net = await startTwoNetworkRig({
      processes: rig.processes,
      workDir: rig.dir.workDir('net'),
      // SIP's bind address is left to follow it.
      gatewayEnv: { MEDIA_PBX_RTP_IP: rigAddresses.gatewayInternal },
    });
    const captures = await Promise.all(
      Object.values(gatewayInterfaces).map((iface) =>
        captureInterface(net.gatewayNamespace, iface, join(rig.dir.root, `${iface}.pcap`)),
      ),
    );
    const grant = await requestCallGrant({ apiUrl: net.apiUrl });
    call = await net.placeVisitorCall(grant.callToken, 3_000);
    // The agent's recordings are complete once it has seen the call end.
    await net.agent.waitForCallEvent(grant.callId, 'CALL_CLOSED');
    [publicWire = [], internalWire = []] = await Promise.all(captures.map((c) => c.stop()));
  }, 120_000); // the API's first start alone can take half a minute on a busy two-core machine
  afterAll(async () => {
    await net?.stop();
  });

  it('connects the visitor to the agent with audio both ways', async () => {
    expect(call).toMatchObject({ status: 200, codec: 'PCMU' });
    const [heardByAgent] = (await net.agent.recordings()).filter((r) => r.direction === 'received');
    expect(heardByAgent, 'the agent recorded the call').toBeDefined();
    expect(analyseTone(await readWav(heardByAgent!.path), callerHz).ratio).toBeGreaterThan(
      TONE_THRESHOLD,
    );
    expect(analyseTone(await readWav(call.heard), agentToneHz).ratio).toBeGreaterThan(
      TONE_THRESHOLD,
    );
  });

  it("shows on the public side only the visitor's ICE, DTLS and SRTP on the browsers' range, and its WebSocket", () => {
    const gatewayPort = (packet: CapturedPacket) =>
      publicAddresses.includes(packet.src) ? packet.srcPort : packet.dstPort;
    const betweenVisitorAndGateway = (packet: CapturedPacket) =>
      [packet.src, packet.dst].includes(rigAddresses.visitor) &&
      [packet.src, packet.dst].some((address) => publicAddresses.includes(address));
    expect(publicWire.filter((packet) => !betweenVisitorAndGateway(packet))).toEqual([]);

    const webSocket = (packet: CapturedPacket) =>
      packet.protocol === 'tcp' && gatewayPort(packet) === net.gatewayHttpPort;
    const udp = publicWire.filter((packet) => packet.protocol === 'udp');
    expect(publicWire.filter((packet) => packet.protocol === 'tcp' && !webSocket(packet))).toEqual(
      [],
    );
    expect(
      udp.filter((packet) => gatewayPort(packet) < rtcMinPort || gatewayPort(packet) > rtcMaxPort),
      "datagrams off the browsers' range",
    ).toEqual([]);
    const onPbxPorts = (packet: CapturedPacket) =>
      [packet.srcPort, packet.dstPort].some(
        (port) => port >= pbxRtpMinPort && port <= pbxRtpMaxPort,
      );
    expect(publicWire.filter(onPbxPorts), 'packets to or from the PBX RTP range').toEqual([]);
    // No SIP but the visitor's own, inside its WebSocket: none toward the trunk, none in UDP.
    expect(
      publicWire.filter((packet) => !webSocket(packet) && isSipMessage(packet.payload)),
    ).toEqual([]);
    const kinds = (from: readonly string[]) => {
      const byKind = new Map<ReturnType<typeof webRtcKind>, number>();
      for (const packet of udp.filter((p) => from.includes(p.src))) {
        const kind = webRtcKind(packet.payload);
        byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      }
      return byKind;
    };
    for (const [side, from] of [
      ['from the visitor', [rigAddresses.visitor]],
      ['from the gateway', publicAddresses],
    ] as const) {
      const seen = kinds(from);
      expect(seen.get('other') ?? 0, `datagrams ${side} neither STUN, DTLS nor SRTP`).toBe(0);
      expect(seen.get('stun') ?? 0, `ICE checks ${side}`).toBeGreaterThan(0);
      expect(seen.get('dtls') ?? 0, `DTLS ${side}`).toBeGreaterThan(0);
      // Three seconds of 20 ms packets: most of 150.
      expect(seen.get('rtp') ?? 0, `SRTP ${side}`).toBeGreaterThan(100);
    }
    const internalNetwork = rigAddresses.gatewayInternal.split('.').slice(0, 3).join('.') + '.';
    expect(
      publicWire.filter((packet) => packet.payload.includes(internalNetwork)),
      'packets naming the internal network',
    ).toEqual([]);
  });

  it('tells the PBX only the internal address, in SIP and in SDP, and keeps its RTP off the public range', () => {
    const udp = internalWire.filter((packet) => packet.protocol === 'udp');
    const sip = udp.filter((packet) => isSipMessage(packet.payload));
    const invite = sip.find(
      (packet) =>
        packet.src === rigAddresses.gatewayInternal &&
        packet.payload.toString('latin1').startsWith('INVITE '),
    );
    expect(invite, 'the INVITE toward the PBX').toBeDefined();
    const message = parseSipText(invite!.payload);
    for (const name of ['via', 'contact', 'from']) {
      expect(message.headers.get(name)?.map(sipHost), name).toEqual([rigAddresses.gatewayInternal]);
    }
    const sdp = sdpTransform.parse(message.body);
    const audio = sdp.media[0]!;
    expect({
      origin: sdp.origin?.address,
      connection: audio.connection?.ip ?? sdp.connection?.ip,
      rtcp: audio.rtcp?.address,
    }).toEqual({
      origin: rigAddresses.gatewayInternal,
      connection: rigAddresses.gatewayInternal,
      rtcp: rigAddresses.gatewayInternal,
    });
    expect(audio.port).toBeGreaterThanOrEqual(pbxRtpMinPort);
    expect(audio.port).toBeLessThanOrEqual(pbxRtpMaxPort);

    // Nothing the gateway sent the PBX (SIP, its re-INVITEs and BYE, RTP, RTCP) names a public
    // address, its listen address or the one browsers are told.
    const fromGateway = udp.filter((packet) => packet.src === rigAddresses.gatewayInternal);
    for (const address of [...publicAddresses, rigAddresses.visitor]) {
      expect(
        fromGateway.filter((packet) => packet.payload.includes(address)),
        `datagrams naming ${address}`,
      ).toEqual([]);
    }
    // The internal wire carries SIP to kamailio and RTP between the relay's pair and the agent.
    const sipSocketPort = invite!.srcPort;
    const offPbxPorts = fromGateway.filter(
      (packet) =>
        packet.srcPort !== sipSocketPort &&
        (packet.srcPort < pbxRtpMinPort || packet.srcPort > pbxRtpMaxPort),
    );
    expect(offPbxPorts, 'datagrams off the SIP socket and the PBX range').toEqual([]);
    const rtp = (from: string, to: string) =>
      udp.filter(
        (packet) =>
          packet.src === from && packet.dst === to && webRtcKind(packet.payload) === 'rtp',
      ).length;
    expect(rtp(rigAddresses.gatewayInternal, rigAddresses.pbx), 'RTP to the agent').toBeGreaterThan(
      100,
    );
    expect(
      rtp(rigAddresses.pbx, rigAddresses.gatewayInternal),
      'RTP from the agent',
    ).toBeGreaterThan(100);
  });
});

describe('start-up with an unusable PBX port range', () => {
  const run = promisify(execFile);
  it.each([
    [
      'overlapping the browsers’ range on the same address',
      { MEDIA_PBX_RTP_MIN_PORT: '22000', MEDIA_PBX_RTP_MAX_PORT: '24999' },
      "MEDIA_PBX_RTP_MIN_PORT: 22000-24999 overlaps the browsers' media ports",
    ],
    [
      'upside down',
      { MEDIA_PBX_RTP_MIN_PORT: '40000', MEDIA_PBX_RTP_MAX_PORT: '30000' },
      'MEDIA_PBX_RTP_MAX_PORT: must not be below MEDIA_PBX_RTP_MIN_PORT',
    ],
  ])('fails when %s, naming the variable', async (_, env, message) => {
    const started = run(process.execPath, ['media/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      timeout: 20_000,
    });
    await expect(started).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(message),
    });
  });
});

// A dual-homed gateway between two networks made of namespaces and veth links, as a contact
// center runs it: the gateway's namespace has a public side, where a visitor's namespace
// reaches its public address (behind a 1:1 NAT that MEDIA_RTC_ANNOUNCED_ADDRESS names), and
// an internal side, where the PBX (kamailio and a baresip agent) and the API live in the
// test's own namespace. The gateway forwards nothing between the two.
//
//   visitor ns                 gateway ns                            test's ns (internal)
//   198.51.100.20 --veth-- 198.51.100.10 | 10.213.0.10 --veth-- 10.213.0.20: kamailio,
//                          (203.0.113.10 NAT)                         baresip, API
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnApi, spawnGateway } from '../../../infra/dev/spawn-services.ts';
import { waitUntilReady } from '../../../infra/dev/wait-until-ready.ts';
import { startBaresipAgent, type BaresipAgent } from '../../../infra/rig/baresip-agent.ts';
import { startKamailio } from '../../../infra/rig/kamailio.ts';
import { freePort } from '../../../infra/rig/ports.ts';
import type { ProcessRegistry } from '../../../infra/rig/processes.ts';
import { REPO_ROOT } from '../../../infra/rig/run-dir.ts';
import { writeToneWav } from '../../../infra/rig/tone.ts';
import {
  assertPrivateNetworkNamespace,
  createNetworkNamespace,
  linkNamespaces,
  NamespacedProcesses,
  type NetworkNamespace,
} from '../net/network-namespace.ts';
import { writeDemoSitesPassingCaptcha } from '../api/demo-sites-passing-captcha.ts';
import { hcaptchaTestResponse } from '../caller/api-call-grant.ts';
import type { VisitorCallRequest, VisitorCallResult } from './visitor-call.ts';

/** Documentation (RFC 5737) and private ranges: they exist only inside the rig's namespaces. */
export const rigAddresses = {
  visitor: '198.51.100.20',
  gatewayPublic: '198.51.100.10',
  /** What browsers are told (MEDIA_RTC_ANNOUNCED_ADDRESS): a NAT in front of the public one. */
  gatewayAnnounced: '203.0.113.10',
  gatewayInternal: '10.213.0.10',
  pbx: '10.213.0.20',
} as const;

/** The gateway's interfaces, in its namespace. */
export const gatewayInterfaces = { public: 'ctc-pub', internal: 'ctc-int' } as const;

export const agentToneHz = 1000;
const supportQueue = 'support-en';

export interface TwoNetworkRig {
  /** Processes inside the gateway's namespace (a capture on its interfaces goes here). */
  readonly gatewayNamespace: NamespacedProcesses;
  readonly gatewayHttpPort: number;
  readonly agent: BaresipAgent;
  readonly apiUrl: string;
  /**
   * Places a call from the visitor's namespace with `token`; resolves once it is over, with
   * where the visitor's recording of what it heard is (`heard`, a WAV).
   */
  placeVisitorCall(token: string, talkMs: number): Promise<VisitorCallResult & { heard: string }>;
  stop(): Promise<void>;
}

export async function startTwoNetworkRig(options: {
  processes: ProcessRegistry;
  workDir: string;
  /** Extra environment for the gateway. */
  gatewayEnv: Record<string, string>;
}): Promise<TwoNetworkRig> {
  await assertPrivateNetworkNamespace();
  const namespaces: NetworkNamespace[] = [];
  const registries: NamespacedProcesses[] = [];
  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    await Promise.all(registries.map((registry) => registry.stopAll()));
    await Promise.all(closers.map((close) => close()));
    await Promise.all(namespaces.map((namespace) => namespace.remove()));
  };
  try {
    const gatewayNs = await createNetworkNamespace('gw');
    namespaces.push(gatewayNs);
    const visitorNs = await createNetworkNamespace('visitor');
    namespaces.push(visitorNs);
    await wireNetworks(gatewayNs, visitorNs);
    const gatewayProcesses = new NamespacedProcesses(options.processes.logDir, gatewayNs);
    const visitorProcesses = new NamespacedProcesses(options.processes.logDir, visitorNs);
    registries.push(gatewayProcesses, visitorProcesses);

    // The API (PGlite's first start takes seconds of CPU) boots while the PBX starts.
    const [kamailioPort, apiPort, gatewayHttpPort] = [
      await freePort({ udp: true }),
      await freePort(),
      await freePort(),
    ];
    const apiUrl = `http://${rigAddresses.pbx}:${apiPort}`;
    const serviceToken = randomBytes(32).toString('hex');
    const sitesFile = await writeSites(options.workDir, kamailioPort, gatewayHttpPort, closers);
    spawnApi(options.processes, {
      port: apiPort,
      sitesFile,
      dataDir: join(options.workDir, 'api-data'),
      env: { API_HOST: rigAddresses.pbx, API_SERVICE_TOKEN: serviceToken },
    });
    const { kamailio, agent } = await startPbx({ ...options, kamailioPort });
    await waitUntilReady(`${apiUrl}/readyz`, 60_000);
    spawnGateway(gatewayProcesses, {
      port: gatewayHttpPort,
      apiUrl,
      env: {
        MEDIA_HOST: rigAddresses.gatewayPublic,
        MEDIA_API_SERVICE_TOKEN: serviceToken,
        MEDIA_TRUNK_HOST: rigAddresses.pbx,
        MEDIA_TRUNK_PORT: String(kamailio.port),
        MEDIA_TRUNK_TRANSPORT: 'udp',
        MEDIA_RTC_LISTEN_IP: rigAddresses.gatewayPublic,
        MEDIA_RTC_ANNOUNCED_ADDRESS: rigAddresses.gatewayAnnounced,
        ...options.gatewayEnv,
      },
    });

    let calls = 0;
    return {
      gatewayNamespace: gatewayProcesses,
      gatewayHttpPort,
      agent,
      apiUrl,
      async placeVisitorCall(token, talkMs) {
        const dir = join(options.workDir, `visitor-call-${++calls}`);
        const request: VisitorCallRequest = {
          gatewayBaseUrl: `http://${rigAddresses.gatewayPublic}:${gatewayHttpPort}`,
          token,
          talkMs,
          heardWavPath: `${dir}-heard.wav`,
          resultPath: `${dir}-result.json`,
        };
        const visitor = visitorProcesses.spawn({
          name: 'visitor',
          command: process.execPath,
          args: ['tests/support/dual-homed/visitor-call.ts'],
          cwd: REPO_ROOT,
          env: { ...process.env, VISITOR_CALL: JSON.stringify(request) },
        });
        const { code } = await visitor.exited;
        if (code !== 0) throw new Error(`the visitor's call failed, see ${visitor.logPath}`);
        const result = JSON.parse(await readFile(request.resultPath, 'utf8')) as VisitorCallResult;
        return { ...result, heard: request.heardWavPath };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The two links, the gateway's NAT and routes. Nothing routes between the sides: the visitor
 * knows only the public network, the test's namespace only the internal one, and the gateway
 * forwards nothing.
 */
async function wireNetworks(gateway: NetworkNamespace, visitor: NetworkNamespace): Promise<void> {
  await linkNamespaces(
    // The test's namespace is shared with other test files: its end's name is ours alone.
    { iface: `pbx${process.pid}`.slice(0, 15), cidr: `${rigAddresses.pbx}/24` },
    {
      namespace: gateway,
      iface: gatewayInterfaces.internal,
      cidr: `${rigAddresses.gatewayInternal}/24`,
    },
  );
  await linkNamespaces(
    {
      namespace: gateway,
      iface: gatewayInterfaces.public,
      cidr: `${rigAddresses.gatewayPublic}/24`,
    },
    { namespace: visitor, iface: 'ctc-visitor', cidr: `${rigAddresses.visitor}/24` },
  );
  await gateway.exec('sysctl', ['-qw', 'net.ipv4.ip_forward=0']);
  // A cloud's 1:1 NAT: browsers are told the announced address, packets to it reach the
  // public one; conntrack turns the replies' source back.
  await gateway.exec('nft', [
    `add table ip ctc_nat { chain prerouting { type nat hook prerouting priority dstnat; ip daddr ${rigAddresses.gatewayAnnounced} dnat to ${rigAddresses.gatewayPublic}; }; }`,
  ]);
  await visitor.exec('ip', [
    ...['route', 'add', `${rigAddresses.gatewayAnnounced}/32`],
    ...['via', rigAddresses.gatewayPublic],
  ]);
}

/** kamailio as the queue and one baresip agent answering it (PCMU, 1000 Hz), both internal. */
async function startPbx(options: {
  processes: ProcessRegistry;
  workDir: string;
  kamailioPort: number;
}) {
  const kamailio = await startKamailio({
    processes: options.processes,
    port: options.kamailioPort,
    workDir: subDir(options.workDir, 'kamailio'),
    host: rigAddresses.pbx,
  });
  const agent = await startBaresipAgent({
    processes: options.processes,
    workDir: subDir(options.workDir, 'agent'),
    user: `agent-${supportQueue}`,
    registrarPort: kamailio.port,
    host: rigAddresses.pbx,
    codecs: ['PCMU'],
    toneWav: await writeToneWav(join(options.workDir, 'agent-tone.wav'), {
      hz: agentToneHz,
      seconds: 120,
      amplitude: 0.3,
    }),
  });
  await agent.waitUntilRegistered();
  return { kamailio, agent };
}

function subDir(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The demo sites file, its PBX on the internal network and its gateway on the public one. */
async function writeSites(
  workDir: string,
  kamailioPort: number,
  gatewayHttpPort: number,
  closers: (() => Promise<void>)[],
): Promise<string> {
  const { sitesFile, siteverify } = await writeDemoSitesPassingCaptcha(
    workDir,
    (acme) => {
      acme.pbx = { host: rigAddresses.pbx, port: kamailioPort };
      acme.media.gatewayUrl = `ws://${rigAddresses.gatewayPublic}:${gatewayHttpPort}/sip`;
    },
    hcaptchaTestResponse,
  );
  closers.push(() => siteverify.close());
  return sitesFile;
}

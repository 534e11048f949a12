// The whole product on one machine, for `npm start` and for the end-to-end tests: kamailio as
// the contact center's proxy, baresip agents answering its queues, a stand-in for hCaptcha's
// siteverify (its servers are out of reach offline), the API, the media gateway and the
// widget. Every process is tracked, so stop() leaves nothing behind.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SitesFileSchema, type SitesFile } from '../../protocol/api/site-config.ts';
import { hcaptchaTestKeys } from '../rig/hcaptcha-script-stand-in.ts';
import { startSiteverifyStandIn } from '../rig/siteverify-stand-in.ts';
import { startBaresipAgent, type BaresipAgent } from '../rig/baresip-agent.ts';
import type { AudioCodec } from '../rig/baresip-config.ts';
import { startKamailio, type Kamailio } from '../rig/kamailio.ts';
import { freePort } from '../rig/ports.ts';
import { stopProcess, type ProcessRegistry, type TrackedProcess } from '../rig/processes.ts';
import { REPO_ROOT } from '../rig/run-dir.ts';
import { issueTestCertificate } from '../rig/test-ca.ts';
import { cachedToneWav } from '../rig/tone.ts';
import { seedApiDatabase } from './api-database-template.ts';
import { startDemoSite } from './demo-site.ts';
import { waitUntilReady } from './wait-until-ready.ts';
import { servicesHost, spawnApi, spawnGateway } from './spawn-services.ts';
import { buildWidget } from './build-widget.ts';

export interface StackAgent {
  /** The queue name in the sites file; kamailio routes `queue-<name>` to `agent-<name>`. */
  queue: string;
  codecs?: readonly AudioCodec[];
  answerMode?: 'auto' | 'manual';
  /** The agent's phone requires SRTP with SDES keys (RTP/SAVP). */
  srtp?: boolean;
  /**
   * How many phones register the queue's address (default 1). Several are hunted in turn, as
   * agents of one queue: a call rings on the first free one (kamailio's serial forking by q,
   * each phone busy while it has a call).
   */
  phones?: number;
}

export interface StackOptions {
  processes: ProcessRegistry;
  workDir: string;
  agents: StackAgent[];
  /**
   * SIP between the gateway and kamailio. `tls`: kamailio requires it, with a certificate of
   * a test CA made now (the gateway trusts that CA, MEDIA_TRUNK_CA_FILE); agents stay on UDP.
   */
  trunkTransport?: 'udp' | 'tcp' | 'tls';
  ports?: { api?: number; media?: number; sip?: number; demo?: number };
  /** Edits the demo sites file before the API reads it (routes, hours...). */
  editSites?: (sites: SitesFile) => void;
  /** Extra environment for the media gateway (timeouts in tests). */
  mediaEnv?: Record<string, string>;
  /** A test's own additions to kamailio's config (kamailio.ts). */
  editKamailioConfig?: (config: string) => string;
  /** Extra environment for the API (trusted proxies in tests). */
  apiEnv?: Record<string, string>;
  /**
   * Where visitors reach the API and the gateway's SIP WebSocket when a reverse proxy fronts
   * them (`https://cc.example.test`, `wss://cc.example.test/media/sip`): the sites file, the
   * demo page's snippet and the returned URLs name these. Unset: the services' own addresses.
   */
  publicUrls?: { api: string; gateway: string };
  rebuildWidget?: boolean;
  /**
   * The API makes its embedded database itself on first start, as a new installation does
   * (`npm start`). Unset: a test stack's starts as a copy of an empty migrated one
   * (api-database-template.ts), seconds sooner.
   */
  freshApiDatabase?: boolean;
  /**
   * Where each agent's recordings go, `<recordingsDir>/<queue>` (the demo keeps them in its
   * data folder); unset: the rig's default, a short folder under test-results/.
   */
  recordingsDir?: string;
}

export interface Stack {
  /** Where visitors reach the API (through the proxy with `publicUrls`). */
  apiUrl: string;
  /** The SIP WebSocket visitors call (through the proxy with `publicUrls`). */
  gatewayUrl: string;
  widgetUrl: string;
  /** The sample marketing page with the embed snippet, on its own origin. */
  demoUrl: string;
  kamailio: Kamailio;
  /** Each queue's first phone. */
  agents: Map<string, BaresipAgent>;
  /** Each queue's phones (`StackAgent.phones`), the first being `agents`'s. */
  agentPhones: Map<string, BaresipAgent[]>;
  /** The sites file the API reads, for rigs that start more API instances beside it. */
  sitesFile: string;
  /**
   * Runs `use` with the API's data directory (its PGlite database is in `pglite/`) while the
   * API is stopped, since PGlite opens in one process at a time; then starts the API again on
   * the same port and data, and resolves once it is ready.
   */
  whileApiStopped<T>(use: (apiDataDir: string) => Promise<T>): Promise<T>;
  /** The media gateway's process (a new one after `restartGateway`). */
  gateway(): TrackedProcess;
  /**
   * Starts the gateway again on the same port and environment (with `env` over it) once its
   * process has exited (a test killed or stopped it); resolves once it is ready, or only
   * alive with `until: 'alive'` (a gateway that cannot reach its PBX is never ready).
   */
  restartGateway(env?: Record<string, string>, until?: 'ready' | 'alive'): Promise<void>;
  stop(): Promise<void>;
}

/** A service that is neither ready nor dead after this long hangs (busy cores start slowly). */
const serviceStartCeilingMs = 120_000;

const hcaptchaTest = {
  siteKey: hcaptchaTestKeys.siteKey,
  secret: '0x0000000000000000000000000000000000000000',
};

export async function startStack(options: StackOptions): Promise<Stack> {
  const dir = (name: string) => {
    const path = join(options.workDir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const host = servicesHost;
  const [apiPort, mediaPort, demoPort] = await Promise.all([
    options.ports?.api ?? freePort(),
    options.ports?.media ?? freePort(),
    options.ports?.demo || freePort(),
  ]);
  const apiUrl = `http://${host}:${apiPort}`;
  const publicApiUrl = options.publicUrls?.api ?? apiUrl;
  const gatewayUrl = options.publicUrls?.gateway ?? `ws://${host}:${mediaPort}/sip`;
  const demoOrigin = `http://${host}:${demoPort}`;
  // Bound at once: a port picked now and bound only after kamailio, the agents, the API and
  // the gateway have started can meanwhile become one of their ephemeral ports.
  const demo = await startDemoSite({
    host,
    port: demoPort,
    embedUrl: `${publicApiUrl}/embed.js`,
  });
  // The caller stops the processes it registered; the servers started here are ours to close.
  const servers: { close(): Promise<void> }[] = [demo];
  try {
    const transport = options.trunkTransport ?? 'udp';
    // Made at run time, never kept: a CA and kamailio's certificate for its address.
    const pbxCertificate =
      transport === 'tls' ? issueTestCertificate(dir('pbx-ca'), host) : undefined;
    const kamailio = await startKamailio({
      processes: options.processes,
      workDir: dir('kamailio'),
      ...(options.ports?.sip ? { port: options.ports.sip } : {}),
      ...(pbxCertificate ? { tls: pbxCertificate } : {}),
      ...(options.editKamailioConfig ? { editConfig: options.editKamailioConfig } : {}),
    });
    const agentTone = await cachedToneWav({
      hz: 1000,
      seconds: 600,
      amplitude: 0.3,
    });
    const agents = new Map<string, BaresipAgent>();
    const agentPhones = new Map<string, BaresipAgent[]>();
    const siteverify = await startSiteverifyStandIn(hcaptchaTest);
    servers.push(siteverify);
    const [widget] = await Promise.all([
      buildWidget(options.rebuildWidget ?? true),
      ...options.agents.map(async (agent) => {
        const phones = await Promise.all(
          Array.from({ length: agent.phones ?? 1 }, async (_, nth) => {
            const name = nth === 0 ? agent.queue : `${agent.queue}-${nth + 1}`;
            const started = await startBaresipAgent({
              processes: options.processes,
              workDir: dir(`agent-${name}`),
              user: `agent-${agent.queue}`,
              registrarPort: kamailio.port,
              transport: transport === 'tls' ? 'udp' : transport,
              toneWav: agentTone,
              ...(agent.srtp ? { srtp: true } : {}),
              // q from 1.0 down: the first phone is tried first.
              ...((agent.phones ?? 1) > 1 ? { huntQ: (1 - nth / 10).toFixed(1) } : {}),
              ...(options.recordingsDir ? { recordDir: join(options.recordingsDir, name) } : {}),
              ...(agent.codecs ? { codecs: agent.codecs } : {}),
              ...(agent.answerMode ? { answerMode: agent.answerMode } : {}),
            });
            await started.waitUntilRegistered();
            return started;
          }),
        );
        agents.set(agent.queue, phones[0]!);
        agentPhones.set(agent.queue, phones);
      }),
    ]);

    const sites = SitesFileSchema.parse(
      JSON.parse(readFileSync(join(REPO_ROOT, 'api/config/sites.json'), 'utf8')),
    );
    for (const site of Object.values(sites.sites)) {
      site.captcha.verifyUrl = siteverify.url;
      site.captcha.scriptUrl = siteverify.scriptUrl;
      if (site.pbx) site.pbx.port = kamailio.port;
      site.media.gatewayUrl = gatewayUrl;
      // The widget (hosted by the API, so on its origin) calls the API; the demo page frames it.
      site.allowedOrigins.push(new URL(publicApiUrl).origin, demoOrigin);
    }
    options.editSites?.(sites);
    const sitesFile = join(options.workDir, 'sites.json');
    writeFileSync(sitesFile, JSON.stringify(sites, null, 2));
    // hCaptcha's test secret passes its test response every time; the stand-in does the same.
    siteverify.passAlways(hcaptchaTestKeys.response);

    const serviceToken = 'dev-service-token-'.padEnd(48, 'x');
    const apiDataDir = dir('api-data');
    if (!options.freshApiDatabase) await seedApiDatabase(apiDataDir);
    const startApi = async () => {
      const { process: started } = spawnApi(options.processes, {
        port: apiPort,
        sitesFile,
        dataDir: apiDataDir,
        env: {
          API_SERVICE_TOKEN: serviceToken,
          API_WIDGET_DIR: widget.widgetDir,
          API_EMBED_FILE: widget.embedFile,
          ...options.apiEnv,
        },
      });
      await waitUntilReady(`${apiUrl}/readyz`, serviceStartCeilingMs, started.exited);
      return started;
    };
    let api = await startApi();
    const startGateway = async (env: Record<string, string> = {}, until = 'ready') => {
      const { process: started } = spawnGateway(options.processes, {
        port: mediaPort,
        apiUrl,
        env: {
          MEDIA_API_SERVICE_TOKEN: serviceToken,
          MEDIA_TRUNK_HOST: host,
          MEDIA_TRUNK_PORT: String(kamailio.tlsPort ?? kamailio.port),
          MEDIA_TRUNK_TRANSPORT: transport,
          ...(pbxCertificate ? { MEDIA_TRUNK_CA_FILE: pbxCertificate.caFile } : {}),
          ...options.mediaEnv,
          ...env,
        },
      });
      await waitUntilReady(
        `http://${host}:${mediaPort}/${until === 'alive' ? 'healthz' : 'readyz'}`,
        serviceStartCeilingMs,
        started.exited,
      );
      return started;
    };
    let gateway = await startGateway();

    return {
      apiUrl: publicApiUrl,
      gatewayUrl,
      widgetUrl: `${publicApiUrl}/widget/`,
      demoUrl: demo.url,
      kamailio,
      agents,
      agentPhones,
      sitesFile,
      async whileApiStopped(use) {
        await stopProcess(api);
        try {
          return await use(apiDataDir);
        } finally {
          api = await startApi();
        }
      },
      gateway: () => gateway,
      async restartGateway(env, until) {
        await gateway.exited;
        gateway = await startGateway(env, until);
      },
      async stop() {
        await options.processes.stopAll();
        await Promise.all([siteverify.close(), demo.close()]);
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
}

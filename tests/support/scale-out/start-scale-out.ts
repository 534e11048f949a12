// The product scaled out as issue 12 describes it, on one machine: PostgreSQL 15, two API
// instances on it behind HAProxy (HTTP mode: per-request round robin, X-Forwarded-For, health
// checks on /readyz), two gateway nodes announcing themselves through the balancer, and the
// contact center of infra/dev/stack.ts (kamailio, baresip agents, hCaptcha's stand-in, the
// widget hosted by the APIs). The stack starts API "a" and gateway "node-a"; this adds the rest.
import { join } from 'node:path';
import { generateKeyFile, writeKeyFile } from '../../../api/src/tokens/key-file.ts';
import { buildWidget } from '../../../infra/dev/build-widget.ts';
import { servicesHost, spawnApi, spawnGateway } from '../../../infra/dev/spawn-services.ts';
import { startStack, type Stack, type StackOptions } from '../../../infra/dev/stack.ts';
import { waitUntilReady } from '../../../infra/dev/wait-until-ready.ts';
import { startHaproxy } from '../../../infra/rig/haproxy.ts';
import { freePort, LOOPBACK } from '../../../infra/rig/ports.ts';
import type { ProcessRegistry, TrackedProcess } from '../../../infra/rig/processes.ts';
import { waitFor } from '../../../infra/rig/wait.ts';
import { listGatewayNodes, type ListedGatewayNode } from '../api/gateway-node-list.ts';
import type { PostgresCluster } from '../api/postgres-cluster.ts';

export interface ScaleOutOptions extends Pick<StackOptions, 'agents' | 'editSites'> {
  processes: ProcessRegistry;
  workDir: string;
  postgres: PostgresCluster;
  /** API_GATEWAY_TTL_MS: a node silent this long is forgotten. */
  gatewayTtlMs: number;
  /** MEDIA_ANNOUNCE_INTERVAL_MS of both nodes. */
  announceIntervalMs: number;
}

export interface GatewayNodeProcess {
  readonly id: string;
  /** The SIP WebSocket browsers dial (its MEDIA_PUBLIC_URL). */
  readonly url: string;
  /** Its current process (a new one after `restart`). */
  process(): TrackedProcess;
  /** Starts the node again on the same port and id once it has exited; resolves when listed. */
  restart(): Promise<void>;
}

export interface ScaleOut {
  /** The contact center and the widget; `stack.apiUrl` is the balancer. */
  stack: Stack;
  /** node-a and node-b, by id. */
  gateways: Map<string, GatewayNodeProcess>;
  /** The gateway nodes the APIs place calls among, as asked through the balancer. */
  listedNodes(): Promise<Map<string, ListedGatewayNode>>;
}

const serviceToken = 'scale-out-service-token-'.padEnd(48, 'x');
const serviceStartCeilingMs = 120_000;
/**
 * node-b's media ports, apart from node-a's defaults (two gateways on one machine must not
 * both try a port): above the default browsers' range, below the ports freePort() hands out,
 * and past the ranges the other rigs reserve (isolated-port-ranges.ts, gateway-nodes.test.ts).
 */
const nodeBRanges = {
  MEDIA_RTC_MIN_PORT: '23001',
  MEDIA_RTC_MAX_PORT: '23099',
  MEDIA_PBX_RTP_MIN_PORT: '63600',
  MEDIA_PBX_RTP_MAX_PORT: '63999',
};

export async function startScaleOut(options: ScaleOutOptions): Promise<ScaleOut> {
  const [balancerPort, apiAPort, apiBPort, nodeAPort, nodeBPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const balancerUrl = `http://${LOOPBACK}:${balancerPort}`;
  const nodeUrl = (port: number) => `ws://${servicesHost}:${port}/sip`;
  // Both API instances sign and verify with the same keys, made once.
  const keysFile = join(options.workDir, 'api-keys.json');
  await writeKeyFile(keysFile, await generateKeyFile(new Date()));
  const apiEnv = {
    DATABASE_URL: options.postgres.url,
    API_KEYS_FILE: keysFile,
    API_SERVICE_TOKEN: serviceToken,
    API_TRUSTED_PROXIES: `${LOOPBACK}/32`,
    API_GATEWAY_TTL_MS: String(options.gatewayTtlMs),
  };
  // Before any service: the gateways announce themselves through it as soon as they start.
  await startHaproxy({
    processes: options.processes,
    workDir: options.workDir,
    frontends: [
      {
        name: 'api',
        port: balancerPort,
        servers: [`${LOOPBACK}:${apiAPort}`, `${LOOPBACK}:${apiBPort}`],
        http: { readiness: '/readyz' },
      },
    ],
  });
  const nodeEnv = (id: string, port: number, kamailioPort?: number) => ({
    MEDIA_NODE_ID: id,
    MEDIA_PUBLIC_URL: nodeUrl(port),
    MEDIA_API_URL: balancerUrl,
    MEDIA_API_SERVICE_TOKEN: serviceToken,
    MEDIA_ANNOUNCE_INTERVAL_MS: String(options.announceIntervalMs),
    // One worker each, to spare the machine's cores; a drain waits for the call's end.
    MEDIA_WORKERS: '1',
    MEDIA_DRAIN_TIMEOUT_MS: '3600000',
    ...(kamailioPort
      ? {
          MEDIA_TRUNK_HOST: servicesHost,
          MEDIA_TRUNK_PORT: String(kamailioPort),
          MEDIA_TRUNK_TRANSPORT: 'udp',
        }
      : {}),
  });
  const stack = await startStack({
    processes: options.processes,
    workDir: join(options.workDir, 'stack'),
    agents: options.agents,
    ...(options.editSites ? { editSites: options.editSites } : {}),
    ports: { api: apiAPort, media: nodeAPort },
    publicUrls: { api: balancerUrl, gateway: nodeUrl(nodeAPort) },
    apiEnv,
    mediaEnv: nodeEnv('node-a', nodeAPort),
  });
  const listedNodes = () => listGatewayNodes(balancerUrl, serviceToken);
  const listed = (id: string) =>
    waitFor(async () => (await listedNodes()).has(id), {
      timeoutMs: 30_000,
      what: `the APIs to list ${id}`,
    });

  const widget = await buildWidget(false);
  const { process: apiB } = spawnApi(options.processes, {
    port: apiBPort,
    sitesFile: stack.sitesFile,
    dataDir: join(options.workDir, 'api-b-data'),
    env: { ...apiEnv, API_WIDGET_DIR: widget.widgetDir, API_EMBED_FILE: widget.embedFile },
  });
  await waitUntilReady(`http://${LOOPBACK}:${apiBPort}/readyz`, serviceStartCeilingMs, apiB.exited);

  const startNode = async (id: string, port: number, env: Record<string, string>) => {
    const { process } = spawnGateway(options.processes, {
      port,
      apiUrl: balancerUrl,
      env: { ...nodeEnv(id, port, stack.kamailio.port), ...env },
    });
    await waitUntilReady(
      `http://${servicesHost}:${port}/readyz`,
      serviceStartCeilingMs,
      process.exited,
    );
    await listed(id);
    return process;
  };
  const node = (id: string, port: number, first: TrackedProcess, env: Record<string, string>) => {
    let current = first;
    return {
      id,
      url: nodeUrl(port),
      process: () => current,
      async restart() {
        await current.exited;
        current = await startNode(id, port, env);
      },
    };
  };
  const nodeA = options.processes.list().find((p) => p.name === 'media');
  if (!nodeA) throw new Error('the stack started no gateway');
  await listed('node-a');
  const nodeB = await startNode('node-b', nodeBPort, nodeBRanges);
  return {
    stack,
    gateways: new Map([
      ['node-a', node('node-a', nodeAPort, nodeA, {})],
      ['node-b', node('node-b', nodeBPort, nodeB, nodeBRanges)],
    ]),
    listedNodes,
  };
}

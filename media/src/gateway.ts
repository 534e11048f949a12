import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createRemoteJWKSet } from 'jose';
import type { Logger } from 'pino';
import { createCallTokenVerifier } from '../../protocol/call-token-verification.ts';
import { createProbeTokenVerifier } from '../../protocol/probe-token-verification.ts';
import type { MediaConfig } from '../../protocol/config/media-config.ts';
import { browserFloodLimits } from '../../protocol/config/browser-flood-limits.ts';
import { acceptProxyProtocol } from '../../protocol/client-address/proxy-protocol-server.ts';
import { trustedProxies } from '../../protocol/client-address/trusted-proxies.ts';
import type { CallBridge, CallBridgeDeps } from './call/call-bridge.ts';
import { apiCallReporter } from './call/api-call-reporter.ts';
import { dialTargetGuard } from './call/dial-target-guard.ts';
import { metricsCallObserver } from './call/metrics-call-observer.ts';
import { fanOutObserver } from './call/fan-out-observer.ts';
import { startMediaWorker } from './engine/media-worker.ts';
import { MediaWorkerPool } from './engine/media-worker-pool.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { connectionTestRoutes } from './http/connection-test-routes.ts';
import { mediaHealthRoutes } from './http/health.ts';
import { admitBrowserCalls } from './node/browser-call-admission.ts';
import { GatewayDrain, type DrainTrigger } from './node/gateway-drain.ts';
import { gatewayLoad, type GatewayLoad } from './node/gateway-load.ts';
import { LiveCalls } from './node/live-calls.ts';
import { startNodeAnnouncer } from './node/announcer.ts';
import { startDialTargetAllowList } from './node/dial-target-allow-list.ts';
import { startWsSipServer } from './sip/browser/ws-sip-server.ts';
import { sipLoggerFactory } from './sip/core/sip-logger.ts';
import { resolvePbxAddresses } from './sip/trunk/pbx-addresses.ts';
import { startFailoverTrunk } from './sip/trunk/pbx-failover.ts';

export interface Gateway {
  readonly port: number;
  /** Calls in progress, workers running, draining or not (read-only). */
  readonly load: GatewayLoad;
  /** Stops taking calls; live calls go on until they end or MEDIA_DRAIN_TIMEOUT_MS passes. */
  drain(trigger: DrainTrigger): void;
  /** Ends the calls left now (a second SIGTERM during a drain). */
  endCallsNow(): void;
  /** Settles once a drain (from a signal or POST /admin/drain) has no call left. */
  readonly drained: Promise<void>;
  close(): Promise<void>;
}

/**
 * Wires the gateway together: its mediasoup workers (one engine over all), the SIP trunk
 * toward the contact center, the SIP-over-WebSocket endpoint for browsers, the drain, and the
 * HTTP routes (health, connection tests, admin).
 */
export async function startGateway(
  config: MediaConfig,
  logger: Logger,
  version: string,
): Promise<Gateway> {
  const engine = await MediaWorkerPool.start({
    size: config.workers,
    startWorker: () =>
      startMediaWorker({
        config,
        media: {
          // Browsers' side: the public listen address, announced address and range.
          listenIp: config.rtcListenIp,
          ...(config.rtcAnnouncedAddress ? { announcedAddress: config.rtcAnnouncedAddress } : {}),
          portRange: { min: config.rtcMinPort, max: config.rtcMaxPort },
          // The PBX's side: the internal address and a range of its own, the only ones it is told.
          pbxRtp: {
            listenIp: config.pbxRtpIp,
            portRange: { min: config.pbxRtpMinPort, max: config.pbxRtpMaxPort },
            ...(config.trunkSrtp === 'sdes'
              ? { srtp: { cryptoSuite: config.trunkSrtpCryptoSuite } }
              : {}),
          },
          rtpTimeoutMs: config.rtpTimeoutMs,
        },
      }),
    logger: logger.child({ part: 'media-workers' }),
  });
  const calls = new LiveCalls<CallBridge>();
  const drain = new GatewayDrain({
    calls,
    timeoutMs: config.drainTimeoutMs,
    logger: logger.child({ part: 'drain' }),
  });
  const load = gatewayLoad({ calls, workers: engine, drain });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  // The toll-fraud guard's list: dialled targets are only those the API allows per site.
  const dialTargets = startDialTargetAllowList({
    apiUrl: config.apiUrl,
    serviceToken: config.apiServiceToken,
    refreshMs: config.dialTargetsRefreshMs,
    logger: logger.child({ part: 'dial-targets' }),
  });
  // Calls' targets and the PBX's transfers (REFER) alike: one guard, one alert metric.
  const guard = dialTargetGuard({
    allowList: dialTargets,
    logger: logger.child({ leg: 'browser' }),
    metrics,
  });
  const trunkLogger = logger.child({ leg: 'trunk' });
  for (const warning of config.trunkCredentialsFile?.warnings ?? []) trunkLogger.warn({}, warning);
  // One address (MEDIA_TRUNK_HOST) or several in priority order (MEDIA_TRUNK_HOSTS).
  const trunk = await startFailoverTrunk({
    addresses: await resolvePbxAddresses(
      config.trunkHosts ?? [{ host: config.trunkHost, port: config.trunkPort }],
      { defaultPort: config.trunkPort, transport: config.trunkTransport, logger: trunkLogger },
    ),
    timers: { optionsIntervalMs: config.trunkOptionsIntervalMs },
    // With tls: whom the PBX's certificate must chain to and the name it must carry.
    tls: {
      ...(config.trunkCaFile ? { ca: config.trunkCaFile } : {}),
      ...(config.trunkTlsServerName ? { serverName: config.trunkTlsServerName } : {}),
    },
    // SIP too stays on the internal side: this address is all Via, Contact and From name.
    bindIp: config.sipBindIp,
    logger: trunkLogger,
    // Digest credentials per site for a PBX that challenges (MEDIA_TRUNK_CREDENTIALS_FILE).
    ...(config.trunkCredentialsFile
      ? { credentials: config.trunkCredentialsFile.credentials }
      : {}),
    // MEDIA_TRUNK_REGISTER: register with each address as a trunk user (trunk-registration.ts).
    ...(config.trunkRegister
      ? {
          registration: {
            expiresS: config.trunkRegisterExpiresS,
            ...(config.trunkRegisterUser ? { user: config.trunkRegisterUser } : {}),
            ...(config.trunkRegisterDomain ? { domain: config.trunkRegisterDomain } : {}),
          },
        }
      : {}),
    // A REFER outside any call is a toll-fraud alert too.
    onReferOutsideDialog: (referTo) =>
      void guard.checkTransfer({ claims: undefined, referTo, answered: false }),
  });
  if (config.trunkSrtp === 'sdes' && config.trunkTransport !== 'tls') {
    trunkLogger.warn(
      { transport: config.trunkTransport },
      'SRTP keys travel readable in SIP over udp/tcp (MEDIA_TRUNK_SRTP_KEYS_OVER_PLAIN_SIP): only safe inside a tunnel',
    );
  }
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', config.apiUrl), {
    cooldownDuration: 10_000,
  });
  // Fetch the keys now, so the first visitor's call does not wait for them (the API may not be
  // up yet: then they are fetched on first use).
  void jwks.reload().catch(() => undefined);
  // A node that announces itself takes only tokens bound to it (call-token-verification.md).
  const node = { id: config.nodeId, acceptsUnbound: config.publicUrl === undefined };
  const verifyToken = createCallTokenVerifier({ keys: jwks, node });
  const verifyProbeToken = createProbeTokenVerifier({ keys: jwks, node });
  // This process's run: its calls' records name it, so the API can tell, when the node
  // announces another, that they died with it (killed outright, they reported no end).
  const bootId = randomUUID();
  const reporter = apiCallReporter({
    apiUrl: config.apiUrl,
    serviceToken: config.apiServiceToken,
    logger: logger.child({ part: 'call-records' }),
    bootId,
  });
  const callLogger = logger.child({ leg: 'browser' });
  const observer = fanOutObserver(callLogger, metricsCallObserver(metrics), reporter);

  const app = new Hono().get('/metrics', async (c) =>
    c.text(await metrics.metrics(), 200, { 'content-type': metrics.contentType }),
  );
  app.route(
    '/',
    mediaHealthRoutes({
      version,
      startedAt: Date.now(),
      // Ready while at least one worker answers: a dead one's slot is being refilled. Not
      // before the dial targets are known: until then every call would be refused.
      checks: {
        mediasoupWorker: () => engine.isHealthy(),
        sipTrunk: async () => trunk.healthy,
        dialTargets: async () => dialTargets.known,
      },
      draining: () => drain.draining,
      trunkAddresses: () => trunk.addressHealth(),
    }),
  );
  app.route(
    '/',
    connectionTestRoutes({
      engine,
      verifyToken: verifyProbeToken,
      allowedOrigins: config.allowedOrigins,
      maxConcurrent: config.maxConnectionTests,
      draining: () => drain.draining,
      logger: logger.child({ part: 'connection-test' }),
      metrics,
    }),
  );
  app.route(
    '/',
    adminRoutes({
      adminToken: config.adminToken,
      drain: () => drain.start('admin'),
      load,
    }),
  );
  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) =>
      resolve({ server: started as Server, port: info.port }),
    );
    if (config.proxyProtocol) {
      acceptProxyProtocol(started as Server, {
        proxies: trustedProxies(config.trustedProxies),
        onRefused: (reason) => logger.warn({ reason }, 'connection refused (PROXY protocol)'),
      });
    }
  });
  const bridgeDeps: CallBridgeDeps = {
    engine,
    trunk,
    verifyToken,
    checkDialTarget: guard.checkDialTarget,
    checkTransfer: guard.checkTransfer,
    trunkCodecs: config.trunkCodecs,
    pbxMediaTimeoutMs: config.pbxMediaTimeoutMs,
    routingHeaders: {
      intent: config.intentHeader,
      language: config.languageHeader,
      country: config.countryHeader,
      callId: config.callIdHeader,
      connection: config.connectionHeader,
    },
    logger: callLogger,
    observer,
  };
  const ws = startWsSipServer({
    server,
    path: config.sipWsPath,
    allowedOrigins: config.allowedOrigins,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    maxConnections: config.maxBrowserConnections,
    floodLimits: browserFloodLimits(config),
    trustedProxies: trustedProxies(config.trustedProxies),
    idleTimeoutMs: config.wsIdleTimeoutMs,
    pingIntervalMs: config.wsPingIntervalMs,
    logger: callLogger,
    loggerFactory: sipLoggerFactory(callLogger),
    onInvite: admitBrowserCalls({ bridgeDeps, calls, draining: () => drain.draining }),
  });
  logger.info(
    { port, sipPath: config.sipWsPath, workerPids: engine.workerPids, bootId },
    'media gateway listening',
  );
  // Announced once it listens: the API places calls on it from its first announcement.
  const announcer =
    config.publicUrl && config.apiServiceToken
      ? startNodeAnnouncer({
          apiUrl: config.apiUrl,
          serviceToken: config.apiServiceToken,
          node: {
            nodeId: config.nodeId,
            publicUrl: config.publicUrl,
            capacity: config.maxCalls,
            bootId,
          },
          load,
          intervalMs: config.announceIntervalMs,
          logger: logger.child({ part: 'announcer' }),
        })
      : undefined;

  return {
    port,
    load,
    drain: (trigger) => drain.start(trigger),
    endCallsNow: () => drain.endCallsNow(),
    drained: drain.drained,
    async close() {
      // First, so that the API places nothing more here while the rest closes.
      await announcer?.stop();
      dialTargets.stop();
      ws.close();
      await trunk.close();
      await reporter.flush();
      engine.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

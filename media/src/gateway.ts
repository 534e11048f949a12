import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createRemoteJWKSet } from 'jose';
import type { Logger } from 'pino';
import { createCallTokenVerifier } from '../../protocol/call-token-verification.ts';
import { createProbeTokenVerifier } from '../../protocol/probe-token-verification.ts';
import type { MediaConfig } from '../../protocol/config/media-config.ts';
import { trustedProxies } from '../../protocol/client-address/trusted-proxies.ts';
import { CallBridge, type CallBridgeDeps } from './call/call-bridge.ts';
import { SipBrowserLeg } from './call/sip-browser-leg.ts';
import { apiCallReporter } from './call/api-call-reporter.ts';
import { metricsCallObserver } from './call/metrics-call-observer.ts';
import { fanOutObserver } from './call/fan-out-observer.ts';
import { startMediaWorker } from './engine/media-worker.ts';
import { createMediasoupEngine } from './engine/mediasoup-engine.ts';
import { connectionTestRoutes } from './http/connection-test-routes.ts';
import { mediaHealthRoutes } from './http/health.ts';
import { startWsSipServer } from './sip/browser/ws-sip-server.ts';
import { sipLoggerFactory } from './sip/core/sip-logger.ts';
import { startTrunkClient } from './sip/trunk/trunk-client.ts';

export interface Gateway {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Wires the gateway together: the mediasoup worker and engine, the SIP trunk toward the
 * contact center, the SIP-over-WebSocket endpoint for browsers, and the HTTP health checks.
 */
export async function startGateway(
  config: MediaConfig,
  logger: Logger,
  version: string,
): Promise<Gateway> {
  const media = await startMediaWorker({
    config,
    onDied: (error) => {
      // Calls cannot survive their worker: stop so the supervisor starts a fresh gateway.
      logger.fatal({ err: error }, 'mediasoup worker died');
      process.exit(1);
    },
  });
  const webRtcServer = config.rtcSinglePort
    ? await media.worker.createWebRtcServer({
        listenInfos: (['udp', 'tcp'] as const).map((protocol) => ({
          protocol,
          ip: config.rtcListenIp,
          port: config.rtcSinglePort,
          ...(config.rtcAnnouncedAddress ? { announcedAddress: config.rtcAnnouncedAddress } : {}),
        })),
      })
    : undefined;
  const engine = createMediasoupEngine({
    ...(webRtcServer ? { webRtcServer } : {}),
    worker: media.worker,
    // Browsers' side: the public listen address, announced address and range.
    listenIp: config.rtcListenIp,
    ...(config.rtcAnnouncedAddress ? { announcedAddress: config.rtcAnnouncedAddress } : {}),
    portRange: { min: config.rtcMinPort, max: config.rtcMaxPort },
    // The PBX's side: the internal address and a range of its own, the only ones it is told.
    pbxRtp: {
      listenIp: config.pbxRtpIp,
      portRange: { min: config.pbxRtpMinPort, max: config.pbxRtpMaxPort },
    },
    rtpTimeoutMs: config.rtpTimeoutMs,
  });
  const trunk = await startTrunkClient({
    trunk: { host: config.trunkHost, port: config.trunkPort, transport: config.trunkTransport },
    // SIP too stays on the internal side: this address is all Via, Contact and From name.
    bindIp: config.sipBindIp,
    logger: logger.child({ leg: 'trunk' }),
  });
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', config.apiUrl), {
    cooldownDuration: 10_000,
  });
  // Fetch the keys now, so the first visitor's call does not wait for them (the API may not be
  // up yet: then they are fetched on first use).
  void jwks.reload().catch(() => undefined);
  const verifyToken = createCallTokenVerifier({ keys: jwks });
  const verifyProbeToken = createProbeTokenVerifier({ keys: jwks });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const reporter = apiCallReporter({
    apiUrl: config.apiUrl,
    serviceToken: config.apiServiceToken,
    logger: logger.child({ part: 'call-records' }),
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
      checks: { mediasoupWorker: () => media.isHealthy(), sipTrunk: async () => trunk.healthy },
    }),
  );
  app.route(
    '/',
    connectionTestRoutes({
      engine,
      verifyToken: verifyProbeToken,
      allowedOrigins: config.allowedOrigins,
      maxConcurrent: config.maxConnectionTests,
      logger: logger.child({ part: 'connection-test' }),
      metrics,
    }),
  );
  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) =>
      resolve({ server: started as Server, port: info.port }),
    );
  });
  const bridgeDeps: CallBridgeDeps = {
    engine,
    trunk,
    verifyToken,
    trunkCodecs: config.trunkCodecs,
    routingHeaders: {
      intent: config.intentHeader,
      language: config.languageHeader,
      country: config.countryHeader,
      callId: config.callIdHeader,
    },
    logger: callLogger,
    observer,
  };
  const ws = startWsSipServer({
    server,
    path: config.sipWsPath,
    allowedOrigins: config.allowedOrigins,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    trustedProxies: trustedProxies(config.trustedProxies),
    idleTimeoutMs: config.wsIdleTimeoutMs,
    logger: callLogger,
    loggerFactory: sipLoggerFactory(callLogger),
    onInvite: (invite, connection) => {
      const browser = new SipBrowserLeg(invite, connection);
      const bridge = new CallBridge(bridgeDeps, browser);
      browser.listen(bridge);
      bridge.start();
    },
  });
  logger.info(
    { port, sipPath: config.sipWsPath, workerPid: media.worker.pid },
    'media gateway listening',
  );

  return {
    port,
    async close() {
      ws.close();
      await trunk.close();
      await reporter.flush();
      media.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// The two services a connection test talks to, as real processes on the loopback: the API
// (session, probe token, JWKS) and the media gateway in single-port mode. The gateway listens
// on 127.0.0.1 and announces 127.0.0.2, where a test's impairment relay can stand in between.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SitesFileSchema } from '../../../protocol/api/site-config.ts';
import { waitUntilReady } from '../../../infra/dev/wait-until-ready.ts';
import { freePort } from '../../../infra/rig/ports.ts';
import type { ProcessRegistry } from '../../../infra/rig/processes.ts';
import { REPO_ROOT } from '../../../infra/rig/run-dir.ts';
import { spawnApi, spawnGateway } from '../../../infra/dev/spawn-services.ts';
import {
  startSiteverifyStandIn,
  type SiteverifyStandIn,
} from '../../../infra/rig/siteverify-stand-in.ts';
import { workerDumpProbeEnv } from '../caller/worker-dump-client.ts';

export interface ConnectionTestServices {
  apiUrl: string;
  gatewayUrl: string;
  /** The key file the API generated (for crafting expired probe tokens). */
  apiDataDir: string;
  /** The gateway's single media port (UDP and TCP), on 127.0.0.1 and announced on 127.0.0.2. */
  mediaPort: number;
  /** The worker-dump probe's port inside the gateway. */
  dumpPort: number;
  /** A fresh visitor session (captcha passed) for the widget's page origin. */
  startSession(): Promise<string>;
  stop(): Promise<void>;
}

export const mediaListenIp = '127.0.0.1';
export const mediaAnnouncedIp = '127.0.0.2';

export async function startConnectionTestServices(options: {
  processes: ProcessRegistry;
  workDir: string;
  /** The origin the widget's page runs on: allowed by the site and the gateway. */
  pageOrigin: string;
}): Promise<ConnectionTestServices> {
  const [apiPort, gatewayPort, mediaPort, dumpPort] = [
    await freePort(),
    await freePort(),
    await freePort({ udp: true }),
    await freePort(),
  ];
  const sites = SitesFileSchema.parse(
    JSON.parse(readFileSync(join(REPO_ROOT, 'api/config/sites.json'), 'utf8')),
  );
  const acme = sites.sites.acme!;
  const siteverify: SiteverifyStandIn = await startSiteverifyStandIn({
    secret: acme.captcha.secret,
    siteKey: acme.captcha.siteKey,
  });
  acme.captcha.verifyUrl = siteverify.url;
  acme.media.gatewayUrl = `ws://127.0.0.1:${gatewayPort}/sip`;
  acme.allowedOrigins.push(options.pageOrigin);
  const sitesFile = join(options.workDir, 'sites.json');
  writeFileSync(sitesFile, JSON.stringify(sites, null, 2));
  const apiDataDir = join(options.workDir, 'api-data');

  const { url: apiUrl } = spawnApi(options.processes, {
    port: apiPort,
    sitesFile,
    dataDir: apiDataDir,
  });
  const { url: gatewayUrl } = spawnGateway(options.processes, {
    port: gatewayPort,
    apiUrl,
    env: {
      MEDIA_RTC_LISTEN_IP: mediaListenIp,
      MEDIA_RTC_ANNOUNCED_ADDRESS: mediaAnnouncedIp,
      MEDIA_RTC_SINGLE_PORT: String(mediaPort),
      MEDIA_ALLOWED_ORIGINS: options.pageOrigin,
      ...workerDumpProbeEnv(dumpPort),
    },
  });
  // The gateway's readiness includes its SIP trunk, which these tests have none of.
  await Promise.all([
    waitUntilReady(`${apiUrl}/readyz`, 120_000),
    waitUntilReady(`${gatewayUrl}/healthz`, 120_000),
  ]);

  let solved = 0;
  return {
    apiUrl,
    gatewayUrl,
    apiDataDir,
    mediaPort,
    dumpPort,
    async startSession() {
      const captchaResponse = `connection-test-${++solved}`;
      siteverify.pass(captchaResponse);
      const res = await fetch(`${apiUrl}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: options.pageOrigin },
        body: JSON.stringify({ siteId: 'acme', captchaResponse }),
      });
      if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { sessionToken: string }).sessionToken;
    },
    async stop() {
      await options.processes.stopAll();
      await siteverify.close();
    },
  };
}

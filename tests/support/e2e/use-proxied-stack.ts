// The whole product behind the reference nginx (infra/deploy/nginx/), as a contact center
// would run it: one public name on HTTPS for the widget, the API and (under /media/) the
// gateway, a certificate from a CA made at test time, the optional admin server on another
// port, and Chromium trusting that certificate alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startStack, type Stack, type StackOptions } from '../../../infra/dev/stack.ts';
import { loadNginxParams } from '../../../infra/deploy/nginx/nginx-params.ts';
import { startNginx, type RigNginx } from '../../../infra/rig/nginx.ts';
import { freePort, LOOPBACK } from '../../../infra/rig/ports.ts';
import { issueTestCertificate } from '../../../infra/rig/test-ca.ts';
import { writeToneWav } from '../../../infra/rig/tone.ts';
import { launchChromium, type RigBrowser } from '../browser/chromium.ts';
import type { PublicName } from '../proxy/tls-clients.ts';
import { useRig } from '../rig/use-rig.ts';

export const publicName = 'cc.example.test';

export interface ProxiedStackOptions extends Omit<
  StackOptions,
  'processes' | 'workDir' | 'ports' | 'publicUrls'
> {
  /** Chromium's fake microphone plays this tone. */
  microphone: { hz: number; seconds: number };
}

export interface ProxiedStack {
  readonly stack: Stack;
  readonly chromium: RigBrowser;
  readonly nginx: RigNginx;
  /** The public name and the CA that vouches for it. */
  readonly site: PublicName;
  /** `https://cc.example.test:<port>`: the widget, the embed loader and the API. */
  readonly origin: string;
  /** The same name over plain HTTP (nginx's redirect). */
  readonly httpOrigin: string;
  /** The admin server, on its own port (standing for an internal address). */
  readonly adminOrigin: string;
  readonly httpsPort: number;
  /** The API's own address, behind nginx. */
  readonly apiDirectUrl: string;
}

/**
 * Call once at the top of a browser test file: nginx, the product and Chromium, started in
 * beforeAll and stopped in afterAll, in the file's rig. The services trust nginx (127.0.0.1)
 * as their proxy; visitors other than Chromium come from other loopback addresses.
 */
export function useProxiedStack(label: string, options: ProxiedStackOptions): ProxiedStack {
  const rig = useRig(label);
  let started: ProxiedStack | undefined;
  let chromium: RigBrowser | undefined;

  beforeAll(async () => {
    const cert = issueTestCertificate(rig.dir.workDir('ca'), publicName);
    const [apiPort, mediaPort, httpsPort, httpPort, adminPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const origin = `https://${publicName}:${httpsPort}`;
    const nginx = await startNginx({
      processes: rig.processes,
      workDir: rig.dir.workDir('nginx'),
      // Through the variables an operator sets, so their validation is what runs here too.
      params: loadNginxParams({
        CTC_SERVER_NAME: publicName,
        CTC_PUBLIC_ORIGIN: origin,
        CTC_HTTPS_LISTEN: `${LOOPBACK}:${httpsPort}`,
        CTC_HTTP_LISTEN: `${LOOPBACK}:${httpPort}`,
        CTC_TLS_CERTIFICATE: cert.certFile,
        CTC_TLS_CERTIFICATE_KEY: cert.keyFile,
        CTC_API_UPSTREAM: `${LOOPBACK}:${apiPort}`,
        CTC_GATEWAY_UPSTREAM: `${LOOPBACK}:${mediaPort}`,
        CTC_ADMIN_LISTEN: `${LOOPBACK}:${adminPort}`,
        CTC_ADMIN_ALLOW: LOOPBACK,
      }),
    });
    const { microphone, ...stackOptions } = options;
    const fakeAudioCapture = await writeToneWav(
      join(rig.dir.workDir('browser'), `mic-${microphone.hz}.wav`),
      microphone,
    );
    const stack = startStack({
      ...stackOptions,
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      ports: { api: apiPort, media: mediaPort },
      publicUrls: { api: origin, gateway: `wss://${publicName}:${httpsPort}/media/sip` },
      apiEnv: { API_TRUSTED_PROXIES: LOOPBACK, ...stackOptions.apiEnv },
      mediaEnv: {
        MEDIA_TRUSTED_PROXIES: LOOPBACK,
        MEDIA_ALLOWED_ORIGINS: origin,
        ...stackOptions.mediaEnv,
      },
    });
    const browser = launchChromium({
      fakeAudioCapture,
      extraArgs: [
        // Trusts this one certificate's key, not every certificate as ignoring errors would.
        `--ignore-certificate-errors-spki-list=${cert.spkiSha256}`,
        `--host-resolver-rules=MAP ${publicName} ${LOOPBACK}`,
      ],
    });
    const [stackResult, browserResult] = await Promise.allSettled([stack, browser]);
    if (browserResult.status === 'fulfilled') chromium = browserResult.value;
    // The rig stops the processes (nginx, the stack's); a stack that started has servers too.
    if (stackResult.status === 'rejected') throw stackResult.reason;
    if (browserResult.status === 'rejected') {
      await stackResult.value.stop();
      throw browserResult.reason;
    }
    started = {
      stack: stackResult.value,
      chromium: browserResult.value,
      nginx,
      site: { name: publicName, ca: readFileSync(cert.caFile, 'utf8') },
      origin,
      httpOrigin: `http://${publicName}:${httpPort}`,
      adminOrigin: `https://${publicName}:${adminPort}`,
      httpsPort,
      apiDirectUrl: `http://${LOOPBACK}:${apiPort}`,
    };
  });
  afterAll(async () => {
    await chromium?.close();
    await started?.stack.stop();
  });

  const get = (): ProxiedStack => {
    if (!started) throw new Error(`${label}: nginx, the stack and Chromium are not started yet`);
    return started;
  };
  // Each field is read from what beforeAll started, when a test reads it.
  return new Proxy({} as ProxiedStack, { get: (_target, key) => get()[key as keyof ProxiedStack] });
}

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthSchema } from '../../protocol/health.ts';
import { startBaresipAgent, type BaresipAgent } from '../../infra/rig/baresip-agent.ts';
import { hcaptchaTestKeys } from '../../infra/rig/hcaptcha-script-stand-in.ts';
import { startKamailio } from '../../infra/rig/kamailio.ts';
import { freePort, LOOPBACK } from '../../infra/rig/ports.ts';
import { REPO_ROOT } from '../../infra/rig/run-dir.ts';
import { startSiteverifyStandIn } from '../../infra/rig/siteverify-stand-in.ts';
import { analyseTone, readWav, writeToneWav } from '../../infra/rig/tone.ts';
import { sleep, tcpConnects } from '../../infra/rig/wait.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { launchChromium, type RigBrowser } from '../support/browser/chromium.ts';
import { forwardTcp, type TcpForwarder } from '../support/containers/tcp-forwarder.ts';
import { remoteAudioStream, walkToCall } from '../support/e2e/call-page.ts';
import { writePilotConfig, type PilotConfig } from '../support/containers/pilot-config.ts';
import {
  buildImages,
  checkPodmanCompose,
  containerLogs,
  podman,
  podmanEnv,
  podmanLeftovers,
  podmanObjects,
  removePodmanObjects,
} from '../support/containers/podman.ts';
import { stunBindingAnswers } from '../support/containers/stun-binding.ts';
import { visitorRequest } from '../support/proxy/tls-clients.ts';
import { useRig } from '../support/rig/use-rig.ts';

const composeFile = join(REPO_ROOT, 'infra/deploy/compose/compose.yaml');
const services = ['postgres', 'api', 'gateway', 'nginx', 'coturn'];

// The single-host pilot (infra/deploy/compose/) as an operator brings it up: images built here
// from the repository, podman-compose with the operator's variables and configuration folder,
// nginx on HTTPS with a certificate from a test CA, the API on PostgreSQL, the gateway calling
// a kamailio on this host, coturn on an address of its own. A visitor in Chromium calls an
// agent (baresip behind kamailio) through it, over https and wss only, heard both ways. Then
// brought down: nothing is left.
describe('the single-host pilot under podman-compose', () => {
  const rig = useRig('deploy-compose');
  const project = `ctc-pilot-${process.pid}`;
  const turnAddress = '127.0.0.21';
  const log = createWriteStream(join(rig.dir.logDir, 'podman-compose.log'));
  let pilot: PilotConfig;
  let up = false;
  let before: string[] = [];
  let agent: BaresipAgent;
  let chromium: RigBrowser | undefined;
  const servers: { close(): Promise<void> }[] = [];

  const compose = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const global = ['--env-file', pilot.envFile, '-p', project, '-f', composeFile];
      const child = spawn('podman-compose', [...global, ...args], {
        env: podmanEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      child.once('error', reject);
      child.once('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`podman-compose ${args.join(' ')}: ${code}`)),
      );
    });
  const container = (service: string) => `${project}_${service}_1`;

  const tearDown = async () => {
    if (up) {
      for (const service of services)
        log.write(`--- ${service}\n${await containerLogs(container(service))}\n`);
      await compose(['down', '--volumes']);
      up = false;
    }
    // podman-compose leaves the networks it made.
    await removePodmanObjects((await podmanObjects()).filter((o) => o.includes(` ${project}_`)));
  };

  beforeAll(async () => {
    await checkPodmanCompose();
    before = await podmanObjects();
    const built = await buildImages(join(rig.dir.logDir, 'build-images.log'));
    console.info(`[deploy] images ${built.tag} ready in ${built.seconds} s`);
    const kamailio = await startKamailio({
      processes: rig.processes,
      workDir: rig.dir.workDir('kamailio'),
    });
    agent = await startBaresipAgent({
      processes: rig.processes,
      workDir: rig.dir.workDir('agent'),
      user: 'agent-support-en',
      registrarPort: kamailio.port,
      toneWav: await writeToneWav(join(rig.dir.workDir('agent'), 'tone.wav'), {
        hz: 1000,
        seconds: 600,
        amplitude: 0.3,
      }),
    });
    await agent.waitUntilRegistered();
    // hCaptcha's servers are out of reach: its stand-in, which the API (in its container)
    // reaches through a forwarder on the bridge's own address.
    const siteverify = await startSiteverifyStandIn({
      siteKey: hcaptchaTestKeys.siteKey,
      secret: '0x0000000000000000000000000000000000000000',
    });
    servers.push(siteverify);
    siteverify.passAlways(hcaptchaTestKeys.response);
    const subnet = 100 + (process.pid % 150); // this run's own: two runs never share one
    const backend = { subnet: `10.89.${subnet}.0/24`, gateway: `10.89.${subnet}.1` };
    const [https, http, admin, api, gateway, media, captcha] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort({ udp: true }),
      await freePort(),
    ];
    pilot = await writePilotConfig({
      dir: rig.dir.workDir('pilot'),
      tag: built.tag,
      publicName: 'cc.pilot.test',
      ports: { https, http, admin, api, gateway, media },
      trunk: { host: kamailio.host, port: kamailio.port },
      turnAddress,
      backend,
      editSites: (sites) => {
        for (const site of Object.values(sites.sites)) {
          site.captcha.verifyUrl = `http://${backend.gateway}:${captcha}/siteverify`;
          site.captcha.scriptUrl = siteverify.scriptUrl;
          if (site.pbx) site.pbx.port = kamailio.port;
        }
      },
    });
    up = true;
    await compose(['up', '--detach']);
    // The bridge has its address once the first container joined it.
    const forwarder: TcpForwarder = await forwardTcp(
      { host: backend.gateway, port: captcha },
      { host: LOOPBACK, port: Number(new URL(siteverify.url).port) },
    );
    servers.push(forwarder);
    chromium = await launchChromium({
      fakeAudioCapture: await writeToneWav(join(rig.dir.workDir('browser'), 'mic.wav'), {
        hz: 440,
        seconds: 120,
      }),
      extraArgs: [
        `--ignore-certificate-errors-spki-list=${pilot.spkiSha256}`,
        `--host-resolver-rules=MAP ${pilot.site.name} ${LOOPBACK}`,
      ],
    });
  }, 30 * 60_000);

  afterAll(async () => {
    await chromium?.close();
    await Promise.all(servers.map((server) => server.close()));
    await tearDown();
  }, 180_000);

  it('serves the widget and the API through nginx over HTTPS', { timeout: 240_000 }, async () => {
    // The API retries (restart policy) until PostgreSQL has made its database on first start.
    await expect
      .poll(
        async () =>
          (
            await visitorRequest(pilot.site, `${pilot.origin}/widget/?site=acme`).catch(() => ({
              status: 0,
            }))
          ).status,
        { timeout: 180_000, interval: 1000 },
      )
      .toBe(200);
    const loader = await visitorRequest(pilot.site, `${pilot.origin}/embed.js`);
    expect(loader.headers['content-type']).toMatch(/javascript/);
    expect(loader.headers['strict-transport-security']).toMatch(/max-age=/);
    // ...and the part it fetches from beside itself when the visitor opens the widget.
    const part = await visitorRequest(pilot.site, `${pilot.origin}/embed-frame.js`);
    expect(part.status).toBe(200);
    expect(part.headers['content-type']).toMatch(/javascript/);
    // Admin surfaces are not on the public side.
    expect((await visitorRequest(pilot.site, `${pilot.origin}/metrics`)).status).toBe(404);
  });

  it("answers both services' health checks on the admin side", { timeout: 120_000 }, async () => {
    const health = async (path: string) => {
      const answer = await visitorRequest(pilot.site, `${pilot.adminOrigin}${path}`);
      return { httpStatus: answer.status, ...HealthSchema.parse(JSON.parse(answer.body)) };
    };
    await expect
      .poll(async () => (await health('/media/readyz').catch(() => undefined))?.httpStatus, {
        timeout: 60_000,
        interval: 1000,
      })
      .toBe(200);
    expect(await health('/readyz')).toMatchObject({
      httpStatus: 200,
      service: 'api',
      status: 'ok',
    });
    expect(await health('/media/readyz')).toMatchObject({
      service: 'media',
      status: 'ok',
      checks: { mediasoupWorker: 'ok', sipTrunk: 'ok' },
    });
    // Each image's own HEALTHCHECK passes too (podman runs it on demand: no systemd here).
    for (const service of ['api', 'gateway', 'postgres', 'nginx'])
      await expect(podman(['healthcheck', 'run', container(service)])).resolves.toBeDefined();
  });

  it(
    "carries a visitor's call through nginx to an agent, heard both ways",
    { timeout: 180_000 },
    async () => {
      const page = await chromium!.browser.newPage();
      const widget = new URL(`${pilot.origin}/widget/`);
      const choices = { site: 'acme', api: pilot.origin, intent: 'support', language: 'en' };
      for (const [key, value] of Object.entries({ ...choices, country: 'US' }))
        widget.searchParams.set(key, value);
      const publicRequests: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).hostname === pilot.site.name) publicRequests.push(request.url());
      });
      page.on('websocket', (socket) => publicRequests.push(socket.url()));
      await page.goto(widget.toString());
      await walkToCall(page);
      await page.locator('[data-testid="call-screen"][data-phase="talking"]').waitFor({
        timeout: 30_000,
      });
      const heard = await probeTone(page, await remoteAudioStream(page), 1000, 1500);
      expect(heard, 'the agent is heard').toMatchObject({ detected: true });
      // A few seconds of the visitor's voice for the agent to record.
      await sleep(3000);
      await page.getByTestId('call-end').click();
      await page.getByTestId('rating-screen').waitFor();
      await expect.poll(async () => (await agent.listCalls()).length).toBe(0);
      const received = (await agent.recordings()).filter((r) => r.direction === 'received');
      const recording = await readWav(received.at(-1)!.path);
      expect(analyseTone(recording, 440).ratio, 'the visitor is heard').toBeGreaterThan(0.8);
      // Every request to the public name went over TLS, the SIP WebSocket under /media/.
      expect(publicRequests.every((url) => /^(https|wss):/.test(url))).toBe(true);
      const port = new URL(pilot.origin).port;
      expect(publicRequests).toContain(`wss://${pilot.site.name}:${port}/media/sip`);
      await page.close();
    },
  );

  it("keeps the API's data in PostgreSQL", async () => {
    const migrations = await podman([
      'exec',
      container('postgres'),
      'psql',
      '--username=postgres',
      '--dbname=clicktocall',
      '--tuples-only',
      '--command=select count(*) from schema_migrations',
    ]);
    expect(Number(migrations.trim())).toBeGreaterThan(0);
  });

  it('runs coturn on its own address, for STUN and TURN over TLS', async () => {
    expect(await stunBindingAnswers(turnAddress, 3478)).toBe(true);
    expect(await tcpConnects(443, turnAddress)).toBe(true);
  });

  it('stops every service cleanly and leaves nothing behind', { timeout: 180_000 }, async () => {
    await compose(['stop']);
    for (const service of ['api', 'gateway']) {
      const exitCode = await podman([
        'inspect',
        container(service),
        '--format',
        '{{.State.ExitCode}}',
      ]);
      expect({ service, exitCode: exitCode.trim() }).toEqual({ service, exitCode: '0' });
    }
    await tearDown();
    expect(await podmanLeftovers(project, before)).toEqual([]);
  });
});

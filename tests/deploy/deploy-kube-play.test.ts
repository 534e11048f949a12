import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthSchema } from '../../protocol/health.ts';
import { waitUntilReady } from '../../infra/dev/wait-until-ready.ts';
import { startKamailio } from '../../infra/rig/kamailio.ts';
import { freePort } from '../../infra/rig/ports.ts';
import { REPO_ROOT } from '../../infra/rig/run-dir.ts';
import { imageUser, makeDeploymentSecrets } from '../support/containers/deployment-secrets.ts';
import { configMapYaml, playableManifests } from '../support/containers/kube-manifests.ts';
import {
  buildImages,
  containerLogs,
  podman,
  podmanLeftovers,
  podmanObjects,
  removePodmanObjects,
} from '../support/containers/podman.ts';
import { useRig } from '../support/rig/use-rig.ts';

// The Kubernetes manifests (infra/deploy/k8s/base/) run by `podman kube play` from images built
// here from the repository: both services come up healthy and ready (the gateway's PBX is a
// kamailio on this namespace's loopback), run unprivileged, stop cleanly on SIGTERM, and a
// teardown leaves nothing of them in podman.
describe('the Kubernetes manifests under podman kube play', () => {
  const rig = useRig('deploy-kube-play');
  const prefix = `ctc-kube-${process.pid}-`;
  const network = `${prefix}net`;
  const playedFiles: string[] = [];
  const podmanSecrets = [`${prefix}api`, `${prefix}gateway`];
  let apiUrl: string;
  let gatewayUrl: string;
  let before: string[] = [];

  const mainContainer = (deployment: string, container: string) =>
    `${prefix}${deployment}-pod-0-${container}`;

  /**
   * Plays one file, ConfigMaps first, then the base file's resources. Pods go on this run's
   * own network, the gateway's on the host's: `--network` overrides a pod's hostNetwork, and
   * without it podman would make its default kube network, and leave it.
   */
  const play = async (name: string, yaml: string, options: { hostNetwork: boolean }) => {
    const path = join(rig.dir.workDir('kube'), name);
    writeFileSync(path, yaml);
    playedFiles.push(path);
    await podman(['kube', 'play', '--network', options.hostNetwork ? 'host' : network, path]);
  };

  const tearDown = async () => {
    if (playedFiles.length > 0) {
      // Their logs go with the rig's, which a failed run keeps.
      for (const container of [mainContainer('api', 'api'), mainContainer('gateway', 'gateway')])
        writeFileSync(join(rig.dir.logDir, `${container}.log`), await containerLogs(container));
    }
    for (const path of playedFiles.splice(0)) await podman(['kube', 'down', path]).catch(() => {});
    // podman keeps the volume it made for a ConfigMap after `kube down`.
    await removePodmanObjects((await podmanObjects()).filter((o) => o.includes(` ${prefix}`)));
  };

  beforeAll(async () => {
    before = await podmanObjects();
    const built = await buildImages(join(rig.dir.logDir, 'build-images.log'));
    console.info(`[deploy] images ${built.tag} ready in ${built.seconds} s`);
    const kamailio = await startKamailio({
      processes: rig.processes,
      workDir: rig.dir.workDir('kamailio'),
    });
    const secrets = await makeDeploymentSecrets(rig.dir.workDir('secret-files'));
    const tokenFile = join(rig.dir.workDir('kube'), 'service-token.json');
    // podman 4.3 reads a Secret's env from a podman secret holding its `data`: base64 values.
    const data = { 'service-token': Buffer.from(secrets.serviceToken).toString('base64') };
    writeFileSync(tokenFile, JSON.stringify(data), { mode: 0o600 });
    for (const name of podmanSecrets) await podman(['secret', 'create', name, tokenFile]);
    await podman(['network', 'create', network]);

    const manifests = playableManifests({
      tag: built.tag,
      namePrefix: prefix,
      secretFilesDir: secrets.filesDir,
    });
    const sites = readFileSync(join(REPO_ROOT, 'api/config/sites.json'), 'utf8');
    await play(
      'api.yaml',
      [
        configMapYaml(`${prefix}api`, { API_LOG_LEVEL: 'warn' }),
        configMapYaml(`${prefix}sites`, { 'sites.json': sites }),
        manifests.get('api.yaml'),
      ].join('---\n'),
      { hostNetwork: false },
    );
    // What the Service name would resolve to in a cluster: the API pod's address.
    const infra = (
      await podman(['pod', 'inspect', `${prefix}api-pod-0`, '--format', '{{.InfraContainerID}}'])
    ).trim();
    const apiIp = (
      await podman([
        'inspect',
        infra,
        '--format',
        `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`,
      ])
    ).trim();
    apiUrl = `http://${apiIp}:8080`;

    const [mediaPort, mediaRange] = [await freePort(), await freePort({ udp: true })];
    gatewayUrl = `http://127.0.0.1:${mediaPort}`;
    await play(
      'gateway.yaml',
      [
        configMapYaml(`${prefix}gateway`, {
          MEDIA_LOG_LEVEL: 'warn',
          MEDIA_HOST: '127.0.0.1',
          MEDIA_PORT: String(mediaPort),
          MEDIA_API_URL: apiUrl,
          MEDIA_RTC_LISTEN_IP: '127.0.0.1',
          MEDIA_RTC_MIN_PORT: String(mediaRange),
          MEDIA_RTC_MAX_PORT: String(mediaRange + 9),
          MEDIA_TRUNK_HOST: kamailio.host,
          MEDIA_TRUNK_PORT: String(kamailio.port),
        }),
        manifests.get('gateway.yaml'),
      ].join('---\n'),
      { hostNetwork: true },
    );
  }, 30 * 60_000);

  afterAll(tearDown, 120_000);

  it('brings up the API and the gateway, healthy and ready', { timeout: 300_000 }, async () => {
    // The API's embedded store makes its database on first start: tens of seconds when busy.
    await waitUntilReady(`${apiUrl}/readyz`, 240_000);
    await waitUntilReady(`${gatewayUrl}/readyz`, 60_000);
    const answer = async (url: string) => HealthSchema.parse(await (await fetch(url)).json());
    expect(await answer(`${apiUrl}/healthz`)).toMatchObject({ service: 'api', status: 'ok' });
    expect(await answer(`${apiUrl}/readyz`)).toMatchObject({ service: 'api', status: 'ok' });
    expect(await answer(`${gatewayUrl}/healthz`)).toMatchObject({ service: 'media' });
    expect(await answer(`${gatewayUrl}/readyz`)).toMatchObject({
      service: 'media',
      status: 'ok',
      checks: { mediasoupWorker: 'ok', sipTrunk: 'ok' },
    });
    // The API hosts the widget built into its image.
    const widget = await fetch(`${apiUrl}/widget/?site=acme`);
    expect(widget.status).toBe(200);
    expect(await widget.text()).toContain('id="click-to-call"');
  });

  it('runs both services unprivileged on a read-only root', async () => {
    for (const container of [mainContainer('api', 'api'), mainContainer('gateway', 'gateway')]) {
      expect((await podman(['exec', container, 'id', '-u'])).trim()).toBe(String(imageUser));
      await expect(podman(['exec', container, 'touch', '/app/written'])).rejects.toThrow(
        /Read-only file system/,
      );
    }
  });

  it(
    'stops both cleanly on SIGTERM, well within the grace period',
    { timeout: 60_000 },
    async () => {
      const started = Date.now();
      await podman(['pod', 'stop', '--time', '20', `${prefix}api-pod-0`, `${prefix}gateway-pod-0`]);
      // SIGKILL would have come after 20 s, and shown as exit code 137.
      expect(Date.now() - started).toBeLessThan(20_000);
      for (const container of [mainContainer('api', 'api'), mainContainer('gateway', 'gateway')]) {
        const exitCode = await podman(['inspect', container, '--format', '{{.State.ExitCode}}']);
        expect({ container, exitCode: exitCode.trim() }).toEqual({ container, exitCode: '0' });
      }
    },
  );

  it(
    'leaves no container, pod, volume, network or secret behind',
    { timeout: 120_000 },
    async () => {
      await tearDown();
      expect(await podmanLeftovers(prefix, before)).toEqual([]);
    },
  );
});

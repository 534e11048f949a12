// The folder an operator prepares for the single-host pilot (infra/deploy/compose/README.md),
// made at test time: service settings, the sites file, secrets owned by the images' users, a
// certificate from a test CA, nginx's configuration rendered by its own renderer with the
// operator's variables, and coturn's reference configuration with its EDIT values replaced.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { SitesFileSchema, type SitesFile } from '../../../protocol/api/site-config.ts';
import { loadNginxParams } from '../../../infra/deploy/nginx/nginx-params.ts';
import { writeNginxConfig } from '../../../infra/deploy/nginx/render.ts';
import { LOOPBACK } from '../../../infra/rig/ports.ts';
import { REPO_ROOT } from '../../../infra/rig/run-dir.ts';
import { issueTestCertificate } from '../../../infra/rig/test-ca.ts';
import type { PublicName } from '../proxy/tls-clients.ts';
import { imageUser, makeDeploymentSecrets, randomSecret } from './deployment-secrets.ts';

/** The uid the postgres image runs as (infra/deploy/containers/postgres.Containerfile). */
const postgresUser = 10002;

export interface PilotPorts {
  https: number;
  http: number;
  admin: number;
  /** The API's loopback port (CTC_API_PORT) and the gateway's (CTC_GATEWAY_PORT). */
  api: number;
  gateway: number;
  /** The first of ten ports of the gateway's browser-facing media range. */
  media: number;
}

export interface PilotConfigOptions {
  dir: string;
  /** The images' tag (CTC_IMAGE_TAG). */
  tag: string;
  publicName: string;
  ports: PilotPorts;
  /** The PBX (kamailio) the gateway calls. */
  trunk: { host: string; port: number };
  /** coturn's own address on this host (TLS on 443 there, as in the DMZ). */
  turnAddress: string;
  /** The API's private bridge: its /24 and the bridge's own address (the API's proxy). */
  backend: { subnet: string; gateway: string };
  /** Edits the demo sites file (the captcha's stand-in) before it is written. */
  editSites?: (sites: SitesFile) => void;
}

export interface PilotConfig {
  /** The variables podman-compose reads (`--env-file`), as pilot.env.example lists them. */
  envFile: string;
  site: PublicName;
  /** For Chromium's --ignore-certificate-errors-spki-list: trust this certificate alone. */
  spkiSha256: string;
  origin: string;
  adminOrigin: string;
}

const writeSecretFile = (path: string, text: string, owner: number) => {
  writeFileSync(path, text, { mode: 0o400 });
  chownSync(path, owner, owner);
};

// Settings files hold secrets too (the database password, the service token): 0600.
const envFileAt = (path: string, values: Record<string, string>) =>
  writeFileSync(
    path,
    Object.entries(values)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(''),
    { mode: 0o600 },
  );

/** The reference coturn configuration with `overrides` replacing the lines they name. */
function coturnConfig(overrides: Record<string, string>): string {
  const reference = readFileSync(join(REPO_ROOT, 'infra/deploy/coturn/turnserver.conf'), 'utf8');
  const kept = reference
    .split('\n')
    .filter((line) => !Object.hasOwn(overrides, line.split('=')[0]!.trim()));
  return [...kept, ...Object.entries(overrides).map(([key, value]) => `${key}=${value}`), ''].join(
    '\n',
  );
}

export async function writePilotConfig(options: PilotConfigOptions): Promise<PilotConfig> {
  const { dir, ports, publicName } = options;
  const sub = (name: string) => {
    const path = join(dir, name);
    mkdirSync(path, { recursive: true, mode: 0o700 });
    return path;
  };
  const origin = `https://${publicName}:${ports.https}`;
  const secrets = await makeDeploymentSecrets(sub('secrets/api'));
  const postgresPassword = randomSecret();
  writeSecretFile(join(dir, 'secrets/postgres-password'), `${postgresPassword}\n`, postgresUser);

  // The API's and the gateway's secrets as files (NAME_FILE), as the compose file mounts them.
  const databaseUrl = `postgres://clicktocall:${postgresPassword}@postgres:5432/clicktocall`;
  writeSecretFile(join(dir, 'secrets/api/database-url'), `${databaseUrl}\n`, imageUser);
  writeSecretFile(join(dir, 'secrets/api/service-token'), `${secrets.serviceToken}\n`, imageUser);
  writeSecretFile(
    join(sub('secrets/gateway'), 'service-token'),
    `${secrets.serviceToken}\n`,
    imageUser,
  );
  chownSync(join(dir, 'secrets/gateway'), imageUser, imageUser);
  envFileAt(join(dir, 'api.env'), {
    DATABASE_URL_FILE: '/run/secrets/click-to-call/database-url',
    API_SERVICE_TOKEN_FILE: '/run/secrets/click-to-call/service-token',
    API_LOG_LEVEL: 'warn',
  });
  envFileAt(join(dir, 'gateway.env'), {
    MEDIA_API_SERVICE_TOKEN_FILE: '/run/secrets/click-to-call/service-token',
    MEDIA_LOG_LEVEL: 'warn',
    MEDIA_ALLOWED_ORIGINS: origin,
    MEDIA_RTC_LISTEN_IP: LOOPBACK,
    MEDIA_RTC_MIN_PORT: String(ports.media),
    MEDIA_RTC_MAX_PORT: String(ports.media + 9),
    MEDIA_TRUNK_HOST: options.trunk.host,
    MEDIA_TRUNK_PORT: String(options.trunk.port),
  });

  const sites = SitesFileSchema.parse(
    JSON.parse(readFileSync(join(REPO_ROOT, 'api/config/sites.json'), 'utf8')),
  );
  for (const site of Object.values(sites.sites)) {
    site.media.gatewayUrl = `wss://${publicName}:${ports.https}/media/sip`;
    site.allowedOrigins.push(origin);
  }
  options.editSites?.(sites);
  // The API's user reads this folder (mounted whole, so that a replaced file is reloaded).
  const sitesDir = sub('sites');
  chmodSync(sitesDir, 0o755);
  writeFileSync(join(sitesDir, 'sites.json'), JSON.stringify(sites, null, 2), { mode: 0o644 });

  const cert = issueTestCertificate(sub('ca'), publicName);
  for (const tlsDir of [sub('tls'), sub('coturn/tls')]) {
    copyFileSync(cert.certFile, join(tlsDir, 'fullchain.pem'));
    copyFileSync(cert.keyFile, join(tlsDir, 'privkey.pem'));
  }
  // Paths as the nginx container sees them (compose.yaml mounts tls/ there).
  await writeNginxConfig(
    loadNginxParams({
      CTC_SERVER_NAME: publicName,
      CTC_PUBLIC_ORIGIN: origin,
      CTC_HTTPS_LISTEN: `${LOOPBACK}:${ports.https}`,
      CTC_HTTP_LISTEN: `${LOOPBACK}:${ports.http}`,
      CTC_TLS_CERTIFICATE: '/etc/click-to-call/tls/fullchain.pem',
      CTC_TLS_CERTIFICATE_KEY: '/etc/click-to-call/tls/privkey.pem',
      CTC_API_UPSTREAM: `${LOOPBACK}:${ports.api}`,
      CTC_GATEWAY_UPSTREAM: `${LOOPBACK}:${ports.gateway}`,
      CTC_ADMIN_LISTEN: `${LOOPBACK}:${ports.admin}`,
      CTC_ADMIN_ALLOW: LOOPBACK,
    }),
    sub('nginx'),
  );
  writeFileSync(
    join(sub('coturn'), 'turnserver.conf'),
    coturnConfig({
      'listening-ip': options.turnAddress,
      'relay-ip': options.turnAddress,
      'allowed-peer-ip': LOOPBACK,
      realm: publicName,
    }),
  );

  const envFile = join(dir, 'pilot.env');
  envFileAt(envFile, {
    CTC_IMAGE_TAG: options.tag,
    CTC_CONFIG_DIR: dir,
    CTC_API_PORT: String(ports.api),
    CTC_GATEWAY_PORT: String(ports.gateway),
    CTC_BACKEND_SUBNET: options.backend.subnet,
    CTC_BACKEND_GATEWAY: options.backend.gateway,
  });
  return {
    envFile,
    site: { name: publicName, ca: readFileSync(cert.caFile, 'utf8') },
    spkiSha256: cert.spkiSha256,
    origin,
    adminOrigin: `https://${publicName}:${ports.admin}`,
  };
}

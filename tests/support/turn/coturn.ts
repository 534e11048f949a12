// Debian's coturn started the way the deployment starts it: infra/deploy/coturn/run-coturn.sh
// on the reference turnserver.conf, with only its EDIT values (addresses, certificate, realm)
// replaced for the rig, a shared secret made at test time and a certificate from a test CA.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ProcessRegistry } from '../../../infra/rig/processes.ts';
import { REPO_ROOT } from '../../../infra/rig/run-dir.ts';
import { issueTestCertificate } from '../../../infra/rig/test-ca.ts';
import { tcpConnects, waitFor } from '../../../infra/rig/wait.ts';

const referenceConfig = join(REPO_ROOT, 'infra/deploy/coturn/turnserver.conf');
const runScript = join(REPO_ROOT, 'infra/deploy/coturn/run-coturn.sh');

export interface RigCoturnOptions {
  processes: ProcessRegistry;
  workDir: string;
  /** Where visitors reach it (TLS on 443) and where it opens relays. */
  address: string;
  /** The only peer relays may reach: the gateway's browser-facing media address. */
  gatewayAddress: string;
}

export interface RigCoturn {
  /** The turns: URL for the sites file. */
  url: string;
  /** The shared secret's file, for the API's API_TURN_SECRET_FILE. */
  secretFile: string;
  /** For Chromium's --ignore-certificate-errors-spki-list: trust this certificate alone. */
  spkiSha256: string;
}

/** The reference config with `overrides` in place of every line setting the same options. */
function overrideConfig(text: string, overrides: Record<string, string>): string {
  const kept = text
    .split('\n')
    .filter((line) => !Object.hasOwn(overrides, line.split('=')[0]!.trim()));
  return [...kept, ...Object.entries(overrides).map(([key, value]) => `${key}=${value}`), ''].join(
    '\n',
  );
}

export async function startCoturn(options: RigCoturnOptions): Promise<RigCoturn> {
  const { workDir, address } = options;
  const cert = issueTestCertificate(workDir, address);
  const config = join(workDir, 'turnserver.conf');
  writeFileSync(
    config,
    overrideConfig(readFileSync(referenceConfig, 'utf8'), {
      'listening-ip': address,
      'relay-ip': address,
      'allowed-peer-ip': options.gatewayAddress,
      cert: cert.certFile,
      pkey: cert.keyFile,
      realm: 'turn.rig.test',
    }),
  );
  const secretFile = join(workDir, 'turn-secret');
  writeFileSync(secretFile, `${randomBytes(48).toString('base64')}\n`, { mode: 0o600 });
  const coturn = options.processes.spawn({
    name: 'coturn',
    command: 'bash',
    args: [runScript, `--pidfile=${join(workDir, 'turnserver.pid')}`],
    env: {
      PATH: process.env.PATH,
      COTURN_CONFIG: config,
      COTURN_SECRET_FILE: secretFile,
      COTURN_RUNTIME_DIR: join(workDir, 'run'),
    },
  });
  const log = () => readFileSync(coturn.logPath, 'utf8');
  await waitFor(() => tcpConnects(443, address), {
    timeoutMs: 15_000,
    what: `coturn's TLS listener on ${address}:443`,
    abort: () => (coturn.hasExited() ? `coturn exited:\n${log()}` : undefined),
  });
  return {
    url: `turns:${address}:443?transport=tcp`,
    secretFile,
    spkiSha256: cert.spkiSha256,
  };
}

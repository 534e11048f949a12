import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/rig/run-dir.ts';

const run = promisify(execFile);
const script = join(REPO_ROOT, 'infra/deploy/coturn/run-coturn.sh');
const reference = readFileSync(join(REPO_ROOT, 'infra/deploy/coturn/turnserver.conf'), 'utf8');

// What an operator sees when coturn's start script refuses to start: the variable to fix,
// before coturn runs (it would log a missing certificate and run on without TLS).
describe('run-coturn.sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctc-run-coturn-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };
  const cert = write('cert.pem', 'not read by the script\n');
  const withCertificate = reference
    .replace(/^cert=.*$/m, `cert=${cert}`)
    .replace(/^pkey=.*$/m, `pkey=${cert}`);
  const goodSecret = write('secret', `${randomBytes(48).toString('base64')}\n`);

  const start = async (config: string, secretFile: string) => {
    try {
      await run('bash', [script], {
        env: {
          PATH: process.env.PATH,
          COTURN_CONFIG: config,
          COTURN_SECRET_FILE: secretFile,
          COTURN_RUNTIME_DIR: join(dir, 'run'),
        },
      });
      return { code: 0, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, stderr: failed.stderr.trim() };
    }
  };

  it.each([
    [
      'a missing secret file',
      () => [write('a.conf', withCertificate), join(dir, 'nowhere')],
      /^run-coturn: COTURN_SECRET_FILE: cannot read .*nowhere$/,
    ],
    [
      'a secret too short to be one',
      () => [write('b.conf', withCertificate), write('short', 'north\n')],
      /^run-coturn: COTURN_SECRET_FILE: each line of .*short must be one secret of 32 to 512/,
    ],
    [
      'a secret written into the config',
      () => [
        write('c.conf', `${withCertificate}static-auth-secret=${'x'.repeat(40)}\n`),
        goodSecret,
      ],
      /^run-coturn: COTURN_CONFIG: .*c\.conf holds a static-auth-secret; the secret belongs in COTURN_SECRET_FILE$/,
    ],
    [
      'a config without the TURN REST scheme',
      () => [write('d.conf', withCertificate.replace(/^use-auth-secret$/m, '')), goodSecret],
      /^run-coturn: COTURN_CONFIG: .*d\.conf lacks use-auth-secret/,
    ],
    [
      'a certificate that is not there',
      () => [write('e.conf', reference), goodSecret],
      /^run-coturn: COTURN_CONFIG: cert=\/etc\/coturn\/tls\/fullchain\.pem cannot be read$/,
    ],
  ])('refuses %s, naming what to fix', async (_what, files, message) => {
    const [config, secretFile] = files();
    const result = await start(config!, secretFile!);
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(message);
    // Whatever went wrong, the secret is never echoed.
    expect(result.stderr).not.toContain(readFileSync(goodSecret, 'utf8').trim());
  });
});

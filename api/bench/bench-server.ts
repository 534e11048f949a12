// Starts the real API (api/src/main.ts) for the bench: a temp data dir, the demo site with its
// abuse limits lifted (the bench measures token issuing), a siteverify stand-in, generated
// keys, and one session token to issue call tokens with.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSiteverifyStandIn } from '../../infra/rig/siteverify-stand-in.ts';
import { generateKeyFile, writeKeyFile } from '../src/tokens/key-file.ts';

const origin = 'https://www.acme.example';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });

export async function startBenchServer() {
  const dir = mkdtempSync(join(tmpdir(), 'ctc-bench-'));
  const sites = JSON.parse(readFileSync(new URL('../config/sites.json', import.meta.url), 'utf8'));
  const acme = sites.sites.acme;
  const siteverify = await startSiteverifyStandIn({
    secret: acme.captcha.secret,
    siteKey: acme.captcha.siteKey,
  });
  acme.captcha.verifyUrl = siteverify.url;
  const lots = 1_000_000;
  acme.limits = Object.fromEntries(Object.keys(acme.limits ?? {}).map((key) => [key, lots]));
  for (const key of [
    'callsPerIpPerMinute',
    'callsPerSitePerMinute',
    'concurrentCallsPerSite',
    'concurrentCallsPerIp',
    'callsPerSession',
  ]) {
    acme.limits[key] = lots;
  }
  writeFileSync(join(dir, 'sites.json'), JSON.stringify(sites));
  await writeKeyFile(join(dir, 'keys.json'), await generateKeyFile(new Date()));
  const port = await freePort();
  const child = spawn(process.execPath, ['api/src/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      API_PORT: String(port),
      API_DATA_DIR: process.env.BENCH_DATA_DIR ?? join(dir, 'data'),
      API_KEYS_FILE: join(dir, 'keys.json'),
      API_SITES_FILE: join(dir, 'sites.json'),
      API_LOG_LEVEL: 'warn',
    },
  });
  const stop = async () => {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
    await siteverify.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (
    !(await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error('the API did not become ready within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  siteverify.pass('bench');
  const res = await fetch(`${baseUrl}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ siteId: 'acme', captchaResponse: 'bench' }),
  });
  if (res.status !== 201) {
    await stop();
    throw new Error(`session: ${res.status} ${await res.text()}`);
  }
  const { sessionToken } = (await res.json()) as { sessionToken: string };
  return {
    baseUrl,
    origin,
    pid: child.pid,
    sessionToken,
    onExit: (listener: (code: number | null) => void) => child.once('exit', listener),
    stop,
  };
}

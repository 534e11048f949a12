import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HealthSchema } from '../../protocol/health.ts';
import { waitUntilReady } from '../../infra/dev/wait-until-ready.ts';
import { freePort } from '../../infra/rig/ports.ts';
import { cookiesOf, csrfOf } from '../support/api/supervisor-sign-in.ts';

/** Every descendant of `pid`, read from /proc (Linux). */
function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The review pages `npm start` prints: its `demo` account signs in with the password from the
 * file it names (readable by its owner only), and sees the review page.
 */
async function expectDemoSupervisorSignsIn(output: string, apiPort: number) {
  const printed = /review +(http:\S+\/supervisor) +\(sign in as (\w+), password in (\S+)\)/.exec(
    output,
  );
  expect(printed?.[1]).toBe(`http://127.0.0.1:${apiPort}/supervisor`);
  const [, url, username, passwordFile] = printed!;
  expect(statSync(passwordFile!).mode & 0o077).toBe(0);
  const password = readFileSync(passwordFile!, 'utf8').trim();
  expect(output).not.toContain(password);

  const form = await fetch(`${url}/login`);
  const signIn = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: username!, password, _csrf: csrfOf(await form.text()) }),
  });
  expect(signIn.status).toBe(303);
  const review = await fetch(url!, { headers: { cookie: cookiesOf(signIn) } });
  expect(review.status).toBe(200);
  expect(await review.text()).toContain('Sign out');
}

// The README's `npm start` (after its bootstrap): the whole demo comes up on its embedded
// defaults and answers its health checks, and Ctrl-C leaves nothing running.
describe('npm start', () => {
  it(
    'brings up the API, the gateway, the widget and a PBX with agents, and stops cleanly',
    { timeout: 200_000 },
    async () => {
      const [apiPort, mediaPort, sipPort] = [
        await freePort(),
        await freePort(),
        await freePort({ udp: true }),
      ];
      const dataDir = mkdtempSync(join(tmpdir(), 'quick-start-'));
      const start = spawn(process.execPath, ['infra/dev/start.ts'], {
        env: {
          ...process.env,
          API_PORT: String(apiPort),
          MEDIA_PORT: String(mediaPort),
          DEMO_SIP_PORT: String(sipPort),
          DEMO_SITE_PORT: '0',
          DEMO_DATA_DIR: dataDir,
          MEDIA_LOG_LEVEL: 'warn',
          API_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      start.stdout.on('data', (chunk) => (output += chunk));
      start.stderr.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) =>
        start.once('exit', (code) => resolve(code)),
      );

      let started: number[] = [];
      try {
        // What the newcomer waits for. It builds the widget and registers six agents: ~9 s alone,
        // more than 20 s beside the rest of the suite on two cores, and over a minute when other
        // work loads them too (a ceiling, not a speed check; start-up failing ends it sooner).
        await expect
          .poll(() => output, { timeout: 180_000 })
          .toMatch(/click-to-call is running|start: Error/);
        expect(output).toContain('click-to-call is running');
        await waitUntilReady(`http://127.0.0.1:${apiPort}/readyz`, 5_000);
        await waitUntilReady(`http://127.0.0.1:${mediaPort}/readyz`, 5_000);
        const api = HealthSchema.parse(
          await (await fetch(`http://127.0.0.1:${apiPort}/healthz`)).json(),
        );
        const media = HealthSchema.parse(
          await (await fetch(`http://127.0.0.1:${mediaPort}/readyz`)).json(),
        );
        expect(api).toMatchObject({ service: 'api', status: 'ok' });
        expect(media).toMatchObject({
          service: 'media',
          status: 'ok',
          checks: { mediasoupWorker: 'ok' },
        });
        const metrics = await (await fetch(`http://127.0.0.1:${mediaPort}/metrics`)).text();
        expect(metrics).toContain('media_calls_active 0');
        // The API hosts the widget, which only the demo site's allowed origins may frame.
        const widget = await fetch(`http://127.0.0.1:${apiPort}/widget/?site=acme`);
        expect(widget.status).toBe(200);
        expect(await widget.text()).toContain('id="click-to-call"');
        expect(widget.headers.get('content-security-policy')).toMatch(
          /^frame-ancestors https:\/\/www\.acme\.example .*http:\/\/127\.0\.0\.1:\d+/,
        );
        const loader = await fetch(`http://127.0.0.1:${apiPort}/embed.js`);
        expect(loader.headers.get('content-type')).toMatch(/javascript/);
        await expectDemoSupervisorSignsIn(output, apiPort);
        started = descendants(start.pid ?? 0);
        // api, media, its mediasoup worker, kamailio and the demo agents at least.
        expect(started.length).toBeGreaterThanOrEqual(6);
        // Each agent records its calls in the demo's data folder, in this run's folder.
        const runs = readdirSync(join(dataDir, 'recordings'));
        expect(runs).toHaveLength(1);
        expect(readdirSync(join(dataDir, 'recordings', runs[0]!)).sort()).toEqual([
          'billing-en',
          'general-de',
          'general-es',
          'general-fr',
          'sales-en',
          'support-en',
        ]);
      } catch (error) {
        throw new Error(`${String(error)}\n--- npm start said:\n${output}`, { cause: error });
      } finally {
        start.kill('SIGINT');
      }
      expect(await exited).toBe(0);
      // Neither service nor the mediasoup worker outlives the start script.
      const leftovers = [apiPort, mediaPort].map(async (port) =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => 'still answering',
          () => 'gone',
        ),
      );
      expect(await Promise.all(leftovers)).toEqual(['gone', 'gone']);
      await expect
        .poll(() => [start.pid ?? 0, ...started].filter(isAlive), { timeout: 3000 })
        .toEqual([]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  );
});

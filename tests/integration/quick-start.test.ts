import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HealthSchema } from '../../protocol/health.ts';
import { waitUntilReady } from '../../infra/dev/wait-until-ready.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

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

// The README's `npm start` (after its bootstrap): both services come up on their embedded
// defaults and answer their health checks, and Ctrl-C leaves nothing running.
describe('npm start', () => {
  it('brings up the API and the media gateway with a live mediasoup worker, and stops cleanly', async () => {
    const [apiPort, mediaPort] = [await freePort(), await freePort()];
    const start = spawn(process.execPath, ['infra/dev/start.ts'], {
      env: {
        ...process.env,
        API_PORT: String(apiPort),
        MEDIA_PORT: String(mediaPort),
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
      await waitUntilReady(`http://127.0.0.1:${apiPort}/readyz`, 20_000);
      await waitUntilReady(`http://127.0.0.1:${mediaPort}/readyz`, 20_000);
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
      await expect.poll(() => output, { timeout: 5000 }).toContain('click-to-call is running');
      started = descendants(start.pid ?? 0);
      // api, media and the mediasoup worker at least.
      expect(started.length).toBeGreaterThanOrEqual(3);
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
  });
});

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HealthSchema } from '../../protocol/health.ts';
import { spawnApi } from '../../infra/dev/spawn-services.ts';
import { waitUntilReady } from '../../infra/dev/wait-until-ready.ts';
import { freePort } from '../../infra/rig/ports.ts';
import { REPO_ROOT } from '../../infra/rig/run-dir.ts';
import { useRig } from '../support/rig/use-rig.ts';

// Behind a load balancer, an API instance told to stop first turns its readiness 503, and
// keeps serving for API_DRAIN_DELAY_MS, the time the balancer needs to stop sending it
// requests; only then does it close.
describe('the API stopping on SIGTERM, readiness first', () => {
  const rig = useRig('api-drain');

  const startApi = async (name: string, drainDelayMs: number) => {
    const workDir = rig.dir.workDir(name);
    const sitesFile = join(workDir, 'sites.json');
    copyFileSync(join(REPO_ROOT, 'api/config/sites.json'), sitesFile);
    const api = spawnApi(rig.processes, {
      port: await freePort(),
      sitesFile,
      dataDir: join(workDir, 'data'),
      env: { API_DRAIN_DELAY_MS: String(drainDelayMs) },
    });
    await waitUntilReady(`${api.url}/readyz`, 120_000, api.process.exited);
    return api;
  };

  it('answers readiness 503 `draining` while it still serves, then closes (exit 0)', async () => {
    // A delay far beyond the test (the most API_DRAIN_DELAY_MS allows): the second SIGTERM
    // below is what ends it.
    const api = await startApi('long-delay', 300_000);
    process.kill(api.process.pid, 'SIGTERM');
    await expect.poll(async () => (await fetch(`${api.url}/readyz`)).status).toBe(503);
    const ready = await fetch(`${api.url}/readyz`);
    expect(HealthSchema.parse(await ready.json())).toMatchObject({
      status: 'draining',
      checks: { database: 'ok' },
    });
    // Still serving the requests the balancer sends meanwhile.
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    const jwks = await fetch(`${api.url}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(api.process.hasExited()).toBe(false);

    // A second SIGTERM does not wait out the delay.
    process.kill(api.process.pid, 'SIGTERM');
    expect(await api.process.exited).toEqual({ code: 0, signal: null });
  });

  it('closes by itself once the delay has passed', async () => {
    const api = await startApi('short-delay', 200);
    process.kill(api.process.pid, 'SIGTERM');
    expect(await api.process.exited).toEqual({ code: 0, signal: null });
  });
});

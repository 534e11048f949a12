import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../protocol/api/api-error.ts';
import { HealthSchema } from '../../protocol/health.ts';
import { openPgClient } from '../../api/src/storage/pg-client.ts';
import type { Repository } from '../../api/src/storage/repository.ts';
import { sqlRepository } from '../../api/src/storage/sql-repository.ts';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { apiMetric } from '../support/api/api-metrics.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/api/postgres-cluster.ts';
import {
  demoOrigin,
  hcaptchaTestResponse,
  requestCallGrant,
  startSession,
} from '../support/caller/api-call-grant.ts';
import { rateCall } from '../support/caller/api-call-rating.ts';
import { holdWebCall, type HeldWebCall } from '../support/caller/held-web-call.ts';
import { useRig } from '../support/rig/use-rig.ts';

const clockSlackMs = 2000;
const callEventsRefused =
  'api_http_request_duration_seconds_count{method="POST",route="/v1/internal/call-events",status="503"}';

// The API on PostgreSQL, as deployments run it, and PostgreSQL going down under it (a crash,
// a failover: every connection cut) in the middle of a call, then coming back on its own.
describe('PostgreSQL restarting under a running API', () => {
  const rig = useRig('postgres-restart');
  let cluster: PostgresCluster;
  let stack: Stack;
  let records: Repository;
  let call: HeldWebCall | undefined;

  beforeAll(async () => {
    cluster = await startPostgresCluster({ crashSafe: true });
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [{ queue: 'support-en', codecs: ['PCMU'] }],
      rebuildWidget: false,
      apiEnv: { DATABASE_URL: cluster.url },
    });
    // The test's own look at the database, as a supervisor's report would read it.
    records = sqlRepository(await openPgClient(cluster.url, { onIdleError: () => {} }));
  });
  afterAll(async () => {
    await call?.close();
    await stack?.stop();
    await records?.close();
    await cluster?.stop();
  });

  const get = (path: string) =>
    fetch(new URL(path, stack.apiUrl), { signal: AbortSignal.timeout(10_000) });
  const health = async (path: '/healthz' | '/readyz') => {
    const res = await get(path);
    return { status: res.status, body: HealthSchema.parse(await res.json()) };
  };
  const askForSession = () =>
    fetch(`${stack.apiUrl}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: demoOrigin },
      body: JSON.stringify({ siteId: 'acme', captchaResponse: hcaptchaTestResponse }),
      signal: AbortSignal.timeout(10_000),
    });

  it('answers 503 database_unavailable meanwhile, recovers by itself, and loses no call report or rating', async () => {
    const session = await startSession({ apiUrl: stack.apiUrl });
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl }, session);
    call = await holdWebCall({ gatewayUrl: stack.gatewayUrl, token: grant.callToken });
    await expect
      .poll(() => records.getCall(grant.callId), { timeout: 30_000 })
      .toMatchObject({ status: 'answered' });
    const before = (await health('/healthz')).body;
    const outageStarted = Date.now();

    await cluster.stopServer();
    let hangUpStarted: number;
    let hungUp: number;
    const rating = { stars: 2, comment: 'The line dropped' };
    const ratingKey = randomUUID();
    try {
      // The process is fine (liveness), but not ready: a load balancer sends visitors elsewhere.
      expect(await health('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await health('/readyz')).toMatchObject({
        status: 503,
        body: { status: 'unavailable', checks: { database: 'failed' } },
      });
      // A visitor's request: refused with a code to branch on and a time to come back.
      const refused = await askForSession();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(ApiErrorSchema.parse(await refused.json())).toEqual({
        code: 'database_unavailable',
        message: 'The database is unavailable; try again shortly',
      });

      // The call goes on without the database; the visitor hangs up meanwhile, and media's
      // report of it is refused for now.
      await call.hears(50);
      hangUpStarted = Date.now();
      expect(await call.hangUp()).toBe(200);
      hungUp = Date.now();
      await expect
        .poll(() => apiMetric(stack.apiUrl, callEventsRefused), { timeout: 30_000 })
        .toBeGreaterThan(0);
      const ratingRefused = await rateCall({
        apiUrl: stack.apiUrl,
        session,
        callId: grant.callId,
        rating,
        idempotencyKey: ratingKey,
      });
      expect(ratingRefused.status).toBe(503);
      expect((await ratingRefused.json()).code).toBe('database_unavailable');
    } finally {
      await cluster.startServer();
    }
    const databaseBack = Date.now();

    // Back without a restart: ready again, the same process (its uptime ran on through it).
    await expect.poll(async () => (await health('/readyz')).status, { timeout: 30_000 }).toBe(200);
    const after = (await health('/healthz')).body;
    expect(after.uptimeS - before.uptimeS).toBeGreaterThanOrEqual(
      (Date.now() - outageStarted) / 1000 - 1,
    );
    expect((await askForSession()).status).toBe(201);

    // Media's retries land: the call ended when the visitor hung up, not when it was stored.
    await expect
      .poll(() => records.getCall(grant.callId), { timeout: 60_000 })
      .toMatchObject({ status: 'ended', endReason: 'visitor_hung_up' });
    const record = (await records.getCall(grant.callId))!;
    expect(record.endedAt!.getTime()).toBeLessThan(databaseBack);
    expect(record.endedAt!.getTime()).toBeGreaterThan(hangUpStarted! - clockSlackMs);
    expect(record.endedAt!.getTime()).toBeLessThan(hungUp! + clockSlackMs);

    // The widget's retry of the rating, with the form's key, is stored.
    const stored = await rateCall({
      apiUrl: stack.apiUrl,
      session,
      callId: grant.callId,
      rating,
      idempotencyKey: ratingKey,
    });
    expect(stored.status).toBe(201);
    expect(
      (await records.listRatings({ siteId: 'acme' })).filter((r) => r.callId === grant.callId),
    ).toEqual([expect.objectContaining(rating)]);
  }, 300_000);
});

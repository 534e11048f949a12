// Two API processes on one PostgreSQL, as behind a load balancer: every limit holds across
// both as it would on one, and a call's events may land on either instance.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgClient } from '../../api/src/storage/pg-client.ts';
import { sqlRepository } from '../../api/src/storage/sql-repository.ts';
import { generateKeyFile, writeKeyFile } from '../../api/src/tokens/key-file.ts';
import { spawnApi } from '../../infra/dev/spawn-services.ts';
import { waitUntilReady } from '../../infra/dev/wait-until-ready.ts';
import { freePort } from '../../infra/rig/ports.ts';
import type { SiteverifyStandIn } from '../../infra/rig/siteverify-stand-in.ts';
import {
  passingCaptchaResponse,
  writeDemoSitesPassingCaptcha,
} from '../support/api/demo-sites-passing-captcha.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/api/postgres-cluster.ts';
import { callTokenClaims, supportEn } from '../support/api/visitor.ts';
import { useRig } from '../support/rig/use-rig.ts';

const origin = 'https://www.acme.example';
const serviceToken = 's'.repeat(40);
// Both instances believe the load balancer (this test, on 127.0.0.1) about the visitor.
const loadBalancer = '127.0.0.1/32';

describe('two API instances on one PostgreSQL', () => {
  const rig = useRig('api-shared-limits');
  let cluster: PostgresCluster | undefined;
  let siteverify: SiteverifyStandIn | undefined;
  /** Instance A's and instance B's base URLs. */
  let instances: [string, string];
  let visitors = 0;
  /** A visitor address of its own for each session, so only the limit under test binds. */
  const newVisitor = () => `203.0.113.${++visitors}`;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const workDir = rig.dir.workDir('api');
    let sitesFile: string;
    ({ sitesFile, siteverify } = await writeDemoSitesPassingCaptcha(workDir, (acme) => {
      acme.limits.concurrentCallsPerSite = 3;
      acme.limits.sessionsPerIpPerMinute = 4;
    }));
    // One key ring, as every instance of a deployment has: a session from A is good at B.
    const keysFile = join(workDir, 'keys.json');
    await writeKeyFile(keysFile, await generateKeyFile(new Date()));
    const started = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const api = spawnApi(rig.processes, {
          port: await freePort(),
          sitesFile,
          dataDir: join(workDir, `data-${name}`),
          env: {
            DATABASE_URL: cluster!.url,
            API_KEYS_FILE: keysFile,
            API_SERVICE_TOKEN: serviceToken,
            API_TRUSTED_PROXIES: loadBalancer,
          },
        });
        await waitUntilReady(`${api.url}/readyz`, 120_000, api.process.exited);
        return api.url;
      }),
    );
    instances = [started[0]!, started[1]!];
  });
  afterAll(async () => {
    // The instances go before their database does.
    await rig.processes.stopAll();
    await siteverify?.close();
    await cluster?.stop();
  });

  /** Instance A for even n, B for odd: what a round-robin load balancer does. */
  const instance = (n: number) => instances[n % 2]!;

  const postJson = (url: string, body: unknown, visitor: string, headers = {}) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        'x-forwarded-for': visitor,
        ...headers,
      },
      body: JSON.stringify(body),
    });

  async function startSession(n: number, visitor: string): Promise<string> {
    const res = await postJson(
      `${instance(n)}/v1/sessions`,
      { siteId: 'acme', captchaResponse: passingCaptchaResponse },
      visitor,
    );
    if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { sessionToken: string }).sessionToken;
  }

  /** A visitor with a session from one instance asking another for a call. */
  async function askForCall(n: number) {
    const visitor = newVisitor();
    const session = await startSession(n + 1, visitor);
    return () =>
      postJson(`${instance(n)}/v1/calls`, { routing: supportEn }, visitor, {
        authorization: `Bearer ${session}`,
      });
  }

  /** media/ reporting a call event to instance n. */
  async function report(n: number, callId: string, event: Record<string, unknown>) {
    const res = await postJson(
      `${instance(n)}/v1/internal/call-events`,
      { eventId: randomUUID(), callId, at: new Date().toISOString(), ...event },
      '192.0.2.1',
      { authorization: `Bearer ${serviceToken}` },
    );
    expect(res.status, `${String(event.type)} at instance ${n % 2 ? 'B' : 'A'}`).toBe(202);
  }
  const ended = { type: 'ended', reason: 'media_failed', durationS: 0 };

  it('lets exactly 3 calls in progress through across both, asked at once; an end at the other instance frees a place', async () => {
    const asks = await Promise.all(Array.from({ length: 8 }, (_, n) => askForCall(n)));
    const answers = await Promise.all(asks.map((ask) => ask()));
    expect(answers.map((res) => res.status).sort()).toEqual([
      201, 201, 201, 429, 429, 429, 429, 429,
    ]);
    const refusal = answers.find((res) => res.status === 429)!;
    expect(await refusal.json()).toEqual({
      code: 'rate_limited',
      message: 'Too many calls in progress for this site; try again later',
    });
    const grants = await Promise.all(
      answers
        .filter((res) => res.status === 201)
        .map(async (res) =>
          callTokenClaims(((await res.json()) as { callToken: string }).callToken),
        ),
    );
    const [first, second] = grants;
    // The first call: created at A, ended at B.
    await report(0, first!.callId, { type: 'created', claims: first });
    await report(1, first!.callId, ended);
    expect((await (await askForCall(0))()).status).toBe(201);
    // The second: its end reaches B before its start reaches A.
    await report(1, second!.callId, ended);
    await report(0, second!.callId, { type: 'created', claims: second });
    expect((await (await askForCall(1))()).status).toBe(201);
    const records = sqlRepository(await openPgClient(cluster!.url));
    try {
      for (const call of [first!, second!]) {
        expect(await records.getCall(call.callId)).toMatchObject({
          status: 'ended',
          endReason: 'media_failed',
        });
      }
    } finally {
      await records.close();
    }
    // Three in progress again, whichever instance is asked.
    expect((await (await askForCall(0))()).status).toBe(429);
    expect((await (await askForCall(1))()).status).toBe(429);
  });

  it('counts one address’s sessions at both instances against its one limit', async () => {
    const visitor = newVisitor();
    const statuses = [];
    for (let n = 0; n < 6; n++) {
      const res = await postJson(
        `${instance(n)}/v1/sessions`,
        { siteId: 'acme', captchaResponse: passingCaptchaResponse },
        visitor,
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
  });

  it('counts failed sign-ins at both instances against one throttle', async () => {
    const visitor = newVisitor();
    const signIn = async (n: number) => {
      const csrf = randomUUID();
      const res = await fetch(`${instance(n)}/supervisor/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `ctc_login_csrf=${csrf}`,
          'x-forwarded-for': visitor,
        },
        body: new URLSearchParams({ username: 'guess', password: `wrong-${n}`, _csrf: csrf }),
        redirect: 'manual',
      });
      return res.status;
    };
    const statuses = [];
    for (let n = 0; n < 12; n++) statuses.push(await signIn(n));
    // Ten attempts a minute per address (supervisor-routes.ts), wherever they land.
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
  });
});

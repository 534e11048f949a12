// Builds the real API app for route tests: an in-memory PGlite store with the migrations
// applied, the demo sites file pointed at a siteverify stand-in, fresh keys, a clock the test
// moves, and a log captured in memory (to prove it holds no tokens or personal data).
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { SitesFileSchema, type SitesFile } from '../../../protocol/api/site-config.ts';
import { redactingLogOptions } from '../../../protocol/log-redaction.ts';
import { createApp, type AppOptions } from '../../../api/src/app.ts';
import { hcaptchaVerifier } from '../../../api/src/captcha/captcha-verifier.ts';
import { createMetrics } from '../../../api/src/ops/metrics.ts';
import type { SitesStore } from '../../../api/src/sites/sites-store.ts';
import { migrate } from '../../../api/src/storage/migrate.ts';
import { repositoryOn } from '../../../api/src/storage/open-repository.ts';
import type { Repository } from '../../../api/src/storage/repository.ts';
import { generateKeyFile } from '../../../api/src/tokens/key-file.ts';
import { keyRingFrom, keyRingHolder, type KeyRing } from '../../../api/src/tokens/key-ring.ts';
import { dumpPglite, openPgliteClient } from './pglite-in-process.ts';
import { staticSites } from './static-sites.ts';
import {
  startSiteverifyStandIn,
  type SiteverifyStandIn,
} from '../../../infra/rig/siteverify-stand-in.ts';

export const demoSitesPath = new URL('../../../api/config/sites.json', import.meta.url).pathname;
export const origin = 'https://www.acme.example';
export const serviceToken = 's'.repeat(40);

// One migrated database per test worker, copied for each test API: PGlite's initdb takes
// seconds of CPU, loading a dump a fraction of it.
let template: Promise<Blob> | undefined;
export async function freshRepository(): Promise<Repository> {
  template ??= dumpPglite(migrate);
  return repositoryOn(await openPgliteClient(await template));
}

export interface TestApi {
  app: ReturnType<typeof createApp>;
  repo: Repository;
  keys: KeyRing;
  siteverify: SiteverifyStandIn;
  sites: SitesStore;
  /** Moves the API's clock. */
  clock: { now: Date };
  logs: string[];
  close(): Promise<void>;
}

export async function startTestApi(
  edit: (file: SitesFile) => void = () => {},
  options: Partial<AppOptions> = {},
): Promise<TestApi> {
  const file = SitesFileSchema.parse(JSON.parse(readFileSync(demoSitesPath, 'utf8')));
  const acme = file.sites.acme!;
  const siteverify = await startSiteverifyStandIn({
    secret: acme.captcha.secret,
    siteKey: acme.captcha.siteKey,
  });
  // A generous bound: the stand-in answers at once, but a test must not fail with a 503 because
  // another process held the cores for half a second. Tests of the bound set their own.
  acme.captcha = { ...acme.captcha, verifyUrl: siteverify.url, timeoutMs: 15_000 };
  edit(file);
  const repo = await freshRepository();
  // Monday 2 November 2026, 09:00 in Chicago: every demo queue is open.
  const clock = { now: new Date('2026-11-02T15:00:00Z') };
  const keys = await keyRingFrom(await generateKeyFile(clock.now));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const sites = staticSites(file);
  const app = createApp(
    {
      repo,
      sites,
      keys: keyRingHolder(keys),
      captcha: hcaptchaVerifier(),
      logger: pino({ level: 'debug', ...redactingLogOptions }, sink),
      metrics: createMetrics(),
      now: () => clock.now,
    },
    { version: '9.9.9', serviceToken, secureCookies: true, ...options },
  );
  return {
    app,
    repo,
    keys,
    siteverify,
    sites,
    clock,
    logs,
    close: async () => {
      await siteverify.close();
      await repo.close();
    },
  };
}

/** The request's socket address, as @hono/node-server passes it to the app. */
export const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

/** Row counts of every table: a refused request must leave them all as they were. */
export async function tableCounts(repo: Repository) {
  return {
    calls: await repo.countCalls(),
    ratings: await repo.countRatings(),
    heldRatings: await repo.countHeldRatings(),
    callbacks: await repo.countCallbackRequests(),
  };
}

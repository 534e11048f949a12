import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { isDeepStrictEqual } from 'node:util';
import { createApp } from '../../../api/src/app.ts';
import { hcaptchaVerifier } from '../../../api/src/captcha/captcha-verifier.ts';
import { createMetrics } from '../../../api/src/ops/metrics.ts';
import {
  loadSitesStore,
  parseSitesFile,
  SitesConfigError,
} from '../../../api/src/sites/sites-store.ts';
import { generateKeyFile } from '../../../api/src/tokens/key-file.ts';
import { keyRingFrom, keyRingHolder } from '../../../api/src/tokens/key-ring.ts';
import { freshRepository, origin, serviceToken } from '../../support/api/test-api.ts';
import { demoSitesText as demoText, sitesFileText } from '../arbitraries/sites-file.ts';
import { check, FuzzViolation, timed, type FuzzSession, type FuzzTarget } from '../fuzz-target.ts';

/** Reading and checking a sites file takes milliseconds; this is a ceiling for a hang. */
const parseBoundMs = 2_000;

/**
 * The sites file (api/src/sites/sites-store.ts against protocol/api/site-config.ts), reloaded
 * as the API reloads it when the file changes, by an API serving from that store. A file
 * either loads, and then every site in it is served (its public config, the gateway's dial
 * targets), or is refused with a SitesConfigError whose message names the file, the last
 * good config kept and still served. Nothing else is ever thrown.
 */
export const sitesFileTarget: FuzzTarget = {
  name: 'sites-file',
  async start(): Promise<FuzzSession> {
    const dir = mkdtempSync(join(tmpdir(), 'ctc-fuzz-sites-'));
    const path = join(dir, 'sites.json');
    writeFileSync(path, demoText);
    const store = await loadSitesStore(path);
    const now = new Date('2026-11-02T15:00:00Z');
    const repo = await freshRepository();
    const app = createApp(
      {
        repo,
        sites: store,
        keys: keyRingHolder(await keyRingFrom(await generateKeyFile(now))),
        captcha: hcaptchaVerifier(),
        logger: pino({ level: 'silent' }),
        metrics: createMetrics(),
        now: () => now,
      },
      { version: 'fuzz', serviceToken },
    );
    let inputs = 0;

    /** Every site of the current config is served; the gateway gets its dial targets. */
    const served = async () => {
      for (const siteId of Object.keys(store.all()).slice(0, 4)) {
        const res = await app.request(`/v1/sites/${encodeURIComponent(siteId)}/config`, {
          headers: { origin },
        });
        const text = await res.text();
        check(
          res.status === 200,
          () =>
            `site ${JSON.stringify(siteId)} of a loaded file answered ${res.status}: ${text.slice(0, 300)}`,
        );
      }
      const targets = await app.request('/v1/internal/dial-targets', {
        headers: { authorization: `Bearer ${serviceToken}` },
      });
      check(
        targets.status === 200,
        () => `dial targets of a loaded file answered ${targets.status}`,
      );
    };

    const reload = async (text: string) => {
      inputs += 1;
      const before = store.all();
      writeFileSync(path, text);
      let parsed: ReturnType<typeof parseSitesFile> | undefined;
      try {
        parsed = timed(parseBoundMs, 'parseSitesFile', () => parseSitesFile(text, path));
      } catch (error) {
        if (!(error instanceof SitesConfigError))
          throw new FuzzViolation(
            `the file was refused with a ${String(error)}, not a SitesConfigError`,
          );
        check(
          error.message.startsWith(`${path}: `) && error.message.length > path.length + 2,
          () => `an unclear error: ${error.message}`,
        );
      }
      const result = await store.reload();
      if (!parsed) {
        check(!result.ok, () => 'the store took a file parseSitesFile refuses');
        check(store.all() === before, () => 'a refused file did not keep the last good config');
      } else {
        check(
          result.ok,
          () => `the store refused a file parseSitesFile takes: ${result.ok ? '' : result.message}`,
        );
        check(
          isDeepStrictEqual(store.all(), parsed.sites),
          () => 'the store serves something else than the file',
        );
      }
      await served();
    };

    return {
      property: fc.asyncProperty(sitesFileText, reload),
      get inputs() {
        return inputs;
      },
      async stillServes() {
        writeFileSync(path, demoText);
        const result = await store.reload();
        check(result.ok, () => `the demo file no longer loads: ${result.ok ? '' : result.message}`);
        await served();
      },
      async close() {
        await repo.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

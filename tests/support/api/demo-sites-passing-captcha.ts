import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SitesFileSchema, type SitesFile } from '../../../protocol/api/site-config.ts';
import { REPO_ROOT } from '../../../infra/rig/run-dir.ts';
import {
  startSiteverifyStandIn,
  type SiteverifyStandIn,
} from '../../../infra/rig/siteverify-stand-in.ts';

/** The captcha response the stand-in passes, for visitors' session requests. */
export const passingCaptchaResponse = 'passes-every-time';

/**
 * The demo sites file (api/config/sites.json), written into `workDir` after `edit`, with
 * acme's captcha checked by a siteverify stand-in that passes `response` (a browser's
 * widget sends hCaptcha's test response): for tests about what comes after the captcha
 * (limits, client addresses, calls). The stand-in records each check's `remoteip`; close it
 * after the test.
 */
export async function writeDemoSitesPassingCaptcha(
  workDir: string,
  edit: (acme: SitesFile['sites'][string]) => void = () => {},
  response = passingCaptchaResponse,
): Promise<{ sitesFile: string; siteverify: SiteverifyStandIn }> {
  const sites = SitesFileSchema.parse(
    JSON.parse(readFileSync(join(REPO_ROOT, 'api/config/sites.json'), 'utf8')),
  );
  const acme = sites.sites.acme!;
  const siteverify = await startSiteverifyStandIn({
    secret: acme.captcha.secret,
    siteKey: acme.captcha.siteKey,
  });
  siteverify.passAlways(response);
  acme.captcha.verifyUrl = siteverify.url;
  edit(acme);
  const sitesFile = join(workDir, 'sites.json');
  writeFileSync(sitesFile, JSON.stringify(sites, null, 2));
  return { sitesFile, siteverify };
}

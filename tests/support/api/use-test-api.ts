// One test API for a whole route test file: started before its tests, closed after them. The
// object is filled in place, so the file can hand it to its helpers from module scope.
import { afterAll, beforeAll } from 'vitest';
import type { AppOptions } from '../../../api/src/app.ts';
import type { SiteConfig, SitesFile } from '../../../protocol/api/site-config.ts';
import { startTestApi, type TestApi } from './test-api.ts';

export function useTestApi(
  edit?: (file: SitesFile) => void,
  options?: Partial<AppOptions>,
): TestApi {
  const api = {} as TestApi;
  beforeAll(async () => {
    Object.assign(api, await startTestApi(edit, options));
  }, 60_000);
  afterAll(() => api.close?.());
  return api;
}

/** A sites file edit raising acme's `limits` (the rest as the demo file sets them). */
export const raiseAcmeLimits =
  (limits: Partial<SiteConfig['limits']>) =>
  (file: SitesFile): void => {
    file.sites.acme!.limits = { ...file.sites.acme!.limits, ...limits };
  };

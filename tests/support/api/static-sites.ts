import type { SitesFile } from '../../../protocol/api/site-config.ts';
import type { SitesStore } from '../../../api/src/sites/sites-store.ts';

/** A sites store over a file the test edited in memory: never reloads, never changes. */
export function staticSites(file: SitesFile): SitesStore {
  return {
    get: (siteId) => (Object.hasOwn(file.sites, siteId) ? file.sites[siteId] : undefined),
    all: () => file.sites,
    reload: async () => ({ ok: true }),
  };
}

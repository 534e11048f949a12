import { readFile } from 'node:fs/promises';
import {
  SitesFileSchema,
  type SiteConfig,
  type SitesFile,
} from '../../../protocol/api/site-config.ts';
import { formatIssues } from '../format-issues.ts';
import { unformattableFallbackNumbers } from './fallback-phones.ts';

/** A sites file that cannot be used; the message names the field to fix. */
export class SitesConfigError extends Error {
  readonly code = 'sites_config_invalid';
}

export type ReloadResult = { ok: true } | { ok: false; message: string };

/** Parses and validates the sites file's text. */
export function parseSitesFile(text: string, source: string): SitesFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SitesConfigError(`${source}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const parsed = SitesFileSchema.safeParse(json);
  if (!parsed.success)
    throw new SitesConfigError(`${source}: ${formatIssues(parsed.error.issues)}`);
  const unformattable = unformattableFallbackNumbers(parsed.data.sites);
  if (unformattable.length > 0)
    throw new SitesConfigError(`${source}: ${unformattable.join('; ')}`);
  return parsed.data;
}

/** The current sites, swapped whole on a good reload and kept as they were on a bad one. */
export interface SitesStore {
  get(siteId: string): SiteConfig | undefined;
  all(): SitesFile['sites'];
  /** Re-reads the file; on failure the last good config stays and the reason comes back. */
  reload(): Promise<ReloadResult>;
}

/** Loads the sites file; throws SitesConfigError at start-up when it is unusable. */
export async function loadSitesStore(path: string): Promise<SitesStore> {
  let current = parseSitesFile(await readFile(path, 'utf8'), path);
  return {
    get: (siteId) => (Object.hasOwn(current.sites, siteId) ? current.sites[siteId] : undefined),
    all: () => current.sites,
    async reload() {
      try {
        current = parseSitesFile(await readFile(path, 'utf8'), path);
        return { ok: true };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },
  };
}

import { createHash } from 'node:crypto';
import type { DialTargets } from '../../../protocol/api/dial-targets.ts';
import type { SiteConfig, SitesFile } from '../../../protocol/api/site-config.ts';
import { queueUri } from './route-call.ts';

/**
 * The queue URIs a site's calls can be routed to (its rules' queues and its default queue),
 * written by the same function that writes them into call tokens, sorted and without repeats.
 * A queue no rule leads to is never in a token, so it is not a target either.
 */
export function siteDialTargets(site: SiteConfig): string[] {
  const queues = new Set(site.routes.map((rule) => rule.queue));
  if (site.defaultQueue !== undefined) queues.add(site.defaultQueue);
  return [...new Set([...queues].map((name) => queueUri(site, name)))].sort();
}

// The sites store swaps its sites object whole on a reload: one computation per version of
// the file, however often the gateways poll.
const computed = new WeakMap<SitesFile['sites'], DialTargets>();

/** Every site's dial targets, with a version that changes when (and only when) they do. */
export function dialTargets(sites: SitesFile['sites']): DialTargets {
  const known = computed.get(sites);
  if (known) return known;
  const bySite = Object.fromEntries(
    Object.keys(sites)
      .sort()
      .map((siteId) => [siteId, siteDialTargets(sites[siteId]!)]),
  );
  const version = createHash('sha256')
    .update(JSON.stringify(bySite))
    .digest('base64url')
    .slice(0, 22);
  const answer = { version, sites: bySite };
  computed.set(sites, answer);
  return answer;
}

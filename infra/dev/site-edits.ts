import type { SiteConfig } from '../../protocol/api/site-config.ts';

/** Adds a queue reached by its own intent (kamailio routes `queue-NAME` to `agent-NAME`). */
export function addQueueWithIntent(site: SiteConfig, queue: string, displayName: string): void {
  site.intents.push({ id: queue, label: displayName });
  site.queues[queue] = { user: `queue-${queue}`, displayName, headers: {} };
  site.routes.unshift({ intent: queue, queue, headers: {} });
}

/**
 * Lets one address (the test's or the bench's callers, all on 127.0.0.1) make `count` calls
 * a minute, and at once: far more than the per-visitor defaults allow.
 */
export function allowCallsFromOneAddress(site: SiteConfig, count: number): void {
  site.limits = {
    ...site.limits,
    sessionsPerIpPerMinute: count,
    callsPerIpPerMinute: count,
    concurrentCallsPerIp: count,
    connectionTestsPerIpPerMinute: count,
    sessionsPerSitePerMinute: Math.max(count, site.limits.sessionsPerSitePerMinute),
    callsPerSitePerMinute: Math.max(count, site.limits.callsPerSitePerMinute),
    concurrentCallsPerSite: Math.max(count, site.limits.concurrentCallsPerSite),
    connectionTestsPerSitePerMinute: Math.max(count, site.limits.connectionTestsPerSitePerMinute),
  };
}

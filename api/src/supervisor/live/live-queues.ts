import type { SitesFile } from '../../../../protocol/api/site-config.ts';
import { queueKeyOf, type BoardCall, type QueueKey } from './live-call-board.ts';

/** One queue of the live view: its calls oldest first. */
export interface LiveQueue {
  key: QueueKey;
  siteId: string;
  displayName: string;
  calls: BoardCall[];
}

/**
 * Every queue of the sites file (an empty one shows "0 waiting"), in its order, then any queue
 * that has calls though the sites file no longer names it (by its id); only of the sites the
 * supervisor `sees` (supervisor-access.ts).
 */
export function liveQueues(
  calls: readonly BoardCall[],
  sites: SitesFile['sites'],
  sees: (siteId: string) => boolean,
): LiveQueue[] {
  const queues = new Map<QueueKey, LiveQueue>();
  for (const [siteId, site] of Object.entries(sites)) {
    if (!sees(siteId)) continue;
    for (const [queue, config] of Object.entries(site.queues)) {
      const key = queueKeyOf(siteId, queue);
      queues.set(key, { key, siteId, displayName: config.displayName, calls: [] });
    }
  }
  for (const call of calls) {
    if (!sees(call.siteId)) continue;
    const key = queueKeyOf(call.siteId, call.queue);
    if (!queues.has(key))
      queues.set(key, { key, siteId: call.siteId, displayName: call.queue, calls: [] });
    queues.get(key)!.calls.push(call);
  }
  for (const queue of queues.values()) {
    queue.calls.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
  }
  return [...queues.values()];
}

export const waitingCalls = (queue: LiveQueue) =>
  queue.calls.filter((call) => call.phase !== 'talking');

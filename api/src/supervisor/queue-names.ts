import type { SitesFile } from '../../../protocol/api/site-config.ts';

export interface QueueNames {
  /** The queue's display name in its site; its id when the sites file no longer has it. */
  nameOf(siteId: string, queue: string): string;
  /** Every queue id for the filters, labelled with its display name(s), by label. */
  choices: { value: string; label: string }[];
}

/** Supervisors read queues by the names the sites file gives them, not by their ids. */
export function queueNames(sites: SitesFile['sites']): QueueNames {
  const labels = new Map<string, Set<string>>();
  for (const site of Object.values(sites)) {
    for (const [id, queue] of Object.entries(site.queues)) {
      labels.set(id, (labels.get(id) ?? new Set()).add(queue.displayName));
    }
  }
  return {
    nameOf: (siteId, queue) => {
      const site = Object.hasOwn(sites, siteId) ? sites[siteId] : undefined;
      return (
        (site && Object.hasOwn(site.queues, queue) && site.queues[queue]?.displayName) || queue
      );
    },
    // Two sites may name the same id differently: both names show.
    choices: [...labels]
      .map(([value, names]) => ({ value, label: [...names].join(' / ') }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  };
}

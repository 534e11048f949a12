import type { RoutingData } from '../../../protocol/call-token.ts';
import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import { isOpen } from './business-hours.ts';

export interface QueueTarget {
  queue: string;
  uri: string;
  displayName: string;
  headers: Record<string, string>;
}

export type RouteDecision =
  | { kind: 'call'; target: QueueTarget }
  | { kind: 'callback'; reason: 'closed' | 'no_route'; queue?: string };

/** The queue's SIP URI: its own `uri`, or its `user` at the site's PBX. */
export function queueUri(site: SiteConfig, name: string): string {
  const queue = site.queues[name];
  if (queue?.uri) return queue.uri;
  if (!queue?.user || !site.pbx) throw new Error(`queue ${name} has no SIP target`);
  const transport = site.pbx.transport ? `;transport=${site.pbx.transport}` : '';
  return `sip:${queue.user}@${site.pbx.host}:${site.pbx.port}${transport}`;
}

/**
 * Picks the queue for a visitor: the first rule whose given fields all match, else the
 * default queue. Closed hours or no queue at all give a callback offer instead of a call.
 */
export function routeCall(site: SiteConfig, routing: RoutingData, now: Date): RouteDecision {
  const rule = site.routes.find(
    (r) =>
      (!r.intent || r.intent === routing.intent) &&
      (!r.language || r.language === routing.language) &&
      (!r.country || r.country === routing.country),
  );
  const name = rule?.queue ?? site.defaultQueue;
  const queue = name === undefined ? undefined : site.queues[name];
  if (name === undefined || !queue) return { kind: 'callback', reason: 'no_route' };
  if (!isOpen(queue.hours, now)) return { kind: 'callback', reason: 'closed', queue: name };
  return {
    kind: 'call',
    target: {
      queue: name,
      uri: queueUri(site, name),
      displayName: queue.displayName,
      headers: { ...queue.headers, ...rule?.headers },
    },
  };
}

/** Whether the visitor's choices are among those the site offers. */
export function offeredProblem(site: SiteConfig, routing: RoutingData): string | undefined {
  if (!site.intents.some((intent) => intent.id === routing.intent)) {
    return `routing.intent "${routing.intent}" is not offered by this site`;
  }
  if (!site.languages.includes(routing.language)) {
    return `routing.language "${routing.language}" is not offered by this site`;
  }
  if (!site.countries.includes(routing.country)) {
    return `routing.country "${routing.country}" is not offered by this site`;
  }
  return undefined;
}

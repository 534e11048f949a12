import type { CallbackOffer } from '../../../protocol/api/call-request.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import type { ApiDeps } from '../api-deps.ts';
import { ApiError } from '../errors.ts';
import { nextOpening } from '../sites/business-hours.ts';
import { offeredProblem, routeCall, type QueueTarget } from '../sites/route-call.ts';

/**
 * The queue the visitor's choices reach now, or the callback offer they get instead (closed
 * hours, no route), with the fallback number for their country and, when closed, the queue's
 * hours and next opening. Choices the site does not offer are refused.
 */
export function routeVisitor(
  deps: ApiDeps,
  siteId: string,
  site: SiteConfig,
  routing: RoutingData,
  now: Date,
): { kind: 'call'; target: QueueTarget } | CallbackOffer {
  const problem = offeredProblem(site, routing);
  if (problem) throw new ApiError('routing_not_offered', 422, problem);
  const decision = routeCall(site, routing, now);
  if (decision.kind === 'call') return decision;
  deps.metrics.callbackOffers.inc({ site: siteId, reason: decision.reason });
  const fallbackNumber = site.fallbackNumbers[routing.country];
  const hours = decision.queue ? site.queues[decision.queue]?.hours : undefined;
  const opens = hours && nextOpening(hours, now);
  return {
    kind: 'callback',
    reason: decision.reason,
    ...(decision.queue ? { queue: decision.queue } : {}),
    ...(fallbackNumber ? { fallbackNumber } : {}),
    ...(hours
      ? {
          openingHours: {
            timeZone: hours.timeZone,
            weekly: hours.weekly,
            ...(opens ? { nextOpening: opens.toISOString() } : {}),
          },
        }
      : {}),
  };
}

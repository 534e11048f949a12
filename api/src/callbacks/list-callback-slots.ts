import type { RoutingData } from '../../../protocol/call-token.ts';
import type { CallbackSlots } from '../../../protocol/api/callback-slots.ts';
import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { authorizeSession } from '../calls/authorize-session.ts';
import { ApiError } from '../errors.ts';
import { afterCallGraceS } from '../ratings/submit-rating.ts';
import { offeredProblem, routeCall } from '../sites/route-call.ts';
import { callbackSlots } from './callback-slots.ts';

/**
 * The business hours a callback for these choices is held to: those of the queue they route
 * to, open or closed now; undefined (round the clock) for a queue without hours or no queue.
 */
export function callbackHours(site: SiteConfig, routing: RoutingData, now: Date) {
  const decision = routeCall(site, routing, now);
  const queue = decision.kind === 'call' ? decision.target.queue : decision.queue;
  return queue ? site.queues[queue]?.hours : undefined;
}

/** The slots the callback form offers the visitor (POST /v1/callback-slots). */
export async function listCallbackSlots(
  deps: ApiDeps,
  authorization: string | undefined,
  routing: RoutingData,
  facts: RequestFacts,
): Promise<CallbackSlots> {
  const now = deps.now();
  // The form follows a call too (a low rating): the session's after-call grace holds here.
  const { site } = await authorizeSession(deps, authorization, facts, now, afterCallGraceS);
  const problem = offeredProblem(site, routing);
  if (problem) throw new ApiError('routing_not_offered', 422, problem);
  const hours = callbackHours(site, routing, now);
  return {
    ...(hours ? { timeZone: hours.timeZone } : {}),
    slots: callbackSlots(hours, site.callbacks, now),
  };
}

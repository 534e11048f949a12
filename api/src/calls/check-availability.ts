import type { Availability, AvailabilityRequest } from '../../../protocol/api/availability.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { authorizeSession } from './authorize-session.ts';
import { routeVisitor } from './route-visitor.ts';

/** Where the visitor's call would go now, without granting it (see AvailabilitySchema). */
export async function checkAvailability(
  deps: ApiDeps,
  authorization: string | undefined,
  request: AvailabilityRequest,
  facts: RequestFacts,
): Promise<Availability> {
  const now = deps.now();
  const { session, site } = await authorizeSession(deps, authorization, facts, now);
  const decision = routeVisitor(deps, session.siteId, site, request.routing, now);
  if (decision.kind === 'callback') return decision;
  return {
    kind: 'open',
    queue: decision.target.queue,
    queueDisplayName: decision.target.displayName,
  };
}

import type { Availability, AvailabilityRequest } from '../../../protocol/api/availability.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { authorizeSession } from './authorize-session.ts';
import { callbackInstead } from '../callbacks/callback-instead.ts';
import { estimateExpectedWait, expectedWaitRule } from './expected-wait.ts';
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
  const queue = decision.target.queue;
  const since = new Date(now.getTime() - expectedWaitRule.windowMinutes * 60_000);
  const history = await deps.repo.queueWaitHistory(session.siteId, queue, since);
  // Only the visitor's own call: another's id tells them nothing (it is not in line as theirs).
  const ownCall = request.callId ? await deps.repo.getCall(request.callId) : undefined;
  const callId = ownCall?.sessionId === session.id ? ownCall.id : undefined;
  // Placed but not ringing yet (the PBX's 180 and media's report of it are on their way, while
  // the widget already asks): about to join the line, behind everyone in it, as before calling.
  const inLine = ownCall?.status === 'created' ? undefined : callId;
  const expectedWait =
    request.callId && !callId ? undefined : estimateExpectedWait(history, now, inLine);
  const instead =
    expectedWait &&
    callbackInstead(site, queue, { history, wait: expectedWait, now, callId: inLine });
  return {
    kind: 'open',
    queue,
    queueDisplayName: decision.target.displayName,
    ...(expectedWait ? { expectedWait } : {}),
    ...(instead ? { callbackInstead: instead } : {}),
  };
}

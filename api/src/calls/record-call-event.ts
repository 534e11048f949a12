import type { CallEvent } from '../../../protocol/api/call-event.ts';
import { followCallEvent } from '../abuse/call-admission.ts';
import type { ApiDeps } from '../api-deps.ts';
import { ValidationError } from '../errors.ts';
import type { EventOutcome } from '../storage/repository.ts';

/**
 * media/ reported something about a call: store it, move the call on, free its places at
 * the end. Events may reach any API instance in any order (an `ended` before its `created`):
 * the record waits for `created`, and the places follow every event, a retry included, so
 * the counts come out right whichever instance stored what first.
 */
export async function recordCallEvent(deps: ApiDeps, event: CallEvent): Promise<EventOutcome> {
  if (event.type === 'created' && event.claims.callId !== event.callId) {
    throw new ValidationError("The claims' callId is not the event's callId");
  }
  const now = deps.now();
  const outcome = await deps.repo.recordEvent(event, now);
  await followCallEvent(deps.repo, event.callId, event.type, now);
  if (outcome !== 'duplicate') deps.metrics.callEvents.inc({ type: event.type });
  // Committed: supervisors watching through this instance see it now, not at the next load.
  if (outcome === 'applied') await deps.liveCalls.callChanged(event.callId);
  return outcome;
}

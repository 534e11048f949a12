import type { CallEvent } from '../../../protocol/api/call-event.ts';
import type { ApiDeps } from '../api-deps.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { EventOutcome } from '../storage/repository.ts';

/** media/ reported something about a call: store it, move the call on, free its slot at the end. */
export async function recordCallEvent(deps: ApiDeps, event: CallEvent): Promise<EventOutcome> {
  if (event.type === 'created' && event.claims.callId !== event.callId) {
    throw new ValidationError("The claims' callId is not the event's callId");
  }
  const now = deps.now();
  const outcome = await deps.repo.recordEvent(event, now);
  if (outcome === 'unknown_call')
    throw new NotFoundError('call_not_found', `No call ${event.callId}`);
  if (outcome === 'applied') {
    deps.concurrency.update(event.callId, event.type, now.getTime());
    deps.metrics.callEvents.inc({ type: event.type });
  }
  return outcome;
}

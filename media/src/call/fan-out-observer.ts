import type { CallObserver } from './call-observer.ts';

/** One observer that tells several (records, metrics) each step. */
export function fanOutObserver(...observers: CallObserver[]): CallObserver {
  return {
    created: (claims) => observers.forEach((o) => o.created(claims)),
    ringing: (callId) => observers.forEach((o) => o.ringing(callId)),
    answered: (callId, codec) => observers.forEach((o) => o.answered(callId, codec)),
    agent: (callId, name) => observers.forEach((o) => o.agent(callId, name)),
    ended: (callId, reason, codec) => observers.forEach((o) => o.ended(callId, reason, codec)),
  };
}

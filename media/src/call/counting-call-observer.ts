import type { CallObserver } from './call-observer.ts';

/** Counts calls for /metrics and readiness; records go to the API in a later step. */
export function countingCallObserver(): CallObserver & {
  readonly active: number;
  readonly total: number;
} {
  const live = new Set<string>();
  let total = 0;
  return {
    created: (claims) => {
      live.add(claims.callId);
      total++;
    },
    ringing: () => undefined,
    answered: () => undefined,
    agent: () => undefined,
    ended: (callId) => {
      if (callId) live.delete(callId);
    },
    get active() {
      return live.size;
    },
    get total() {
      return total;
    },
  };
}

import { Counter, Gauge, type Registry } from 'prom-client';
import type { CallObserver } from './call-observer.ts';

/**
 * The gateway's call figures for Prometheus: calls in progress, and ended calls by reason
 * and codec (a reason is the same code the visitor was shown, so the two can be compared).
 */
export function metricsCallObserver(registry: Registry): CallObserver {
  const active = new Gauge({
    name: 'media_calls_active',
    help: 'Calls in progress',
    registers: [registry],
  });
  const answered = new Counter({
    name: 'media_calls_answered_total',
    help: 'Calls answered by an agent, by codec',
    labelNames: ['codec'],
    registers: [registry],
  });
  const ended = new Counter({
    name: 'media_calls_ended_total',
    help: 'Calls ended, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const live = new Set<string>();
  return {
    created: (claims) => {
      live.add(claims.callId);
      active.set(live.size);
    },
    ringing: () => undefined,
    answered: (_callId, codec) => answered.inc({ codec: codec ?? 'unknown' }),
    agent: () => undefined,
    ended: (callId, reason) => {
      if (callId) live.delete(callId);
      active.set(live.size);
      ended.inc({ reason: reason.code });
    },
  };
}

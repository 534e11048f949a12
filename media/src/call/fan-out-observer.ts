import type { ServiceLogger } from '../sip/core/sip-logger.ts';
import type { CallObserver } from './call-observer.ts';

/**
 * One observer that tells several (records, metrics) each step. Each is guarded, as
 * mediasoup's safeEmit guards listeners: one that throws is logged, the others still hear,
 * and the call it watches goes on.
 */
export function fanOutObserver(logger: ServiceLogger, ...observers: CallObserver[]): CallObserver {
  const tell = <K extends keyof CallObserver>(step: K, args: Parameters<CallObserver[K]>) => {
    for (const observer of observers) {
      try {
        (observer[step] as (...a: Parameters<CallObserver[K]>) => void)(...args);
      } catch (error) {
        logger.error({ err: error, step }, 'call observer threw');
      }
    }
  };
  return {
    created: (...args) => tell('created', args),
    ringing: (...args) => tell('ringing', args),
    answered: (...args) => tell('answered', args),
    agent: (...args) => tell('agent', args),
    ended: (...args) => tell('ended', args),
  };
}

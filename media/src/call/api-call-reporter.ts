import { randomUUID } from 'node:crypto';
import type { CallEvent, QualityFigures } from '../../../protocol/api/call-event.ts';
import type { ServiceLogger } from '../sip/core/sip-logger.ts';
import type { CallObserver } from './call-observer.ts';

export interface ApiCallReporterOptions {
  /** The API's base URL; events go to /v1/internal/call-events. */
  apiUrl: string;
  /** The service-to-service bearer token the API expects from media/. */
  serviceToken: string | undefined;
  logger: ServiceLogger;
  /** How long an undeliverable event keeps being retried. */
  retryForMs?: number;
  /**
   * This process's boot id, sent with each `created` (and in the node's announcements): the
   * API ends the records of calls whose process is gone by it.
   */
  bootId?: string;
}

/** An event without the envelope the reporter adds (distributes over the union's members). */
type EventBody = CallEvent extends infer E
  ? E extends CallEvent
    ? Omit<E, 'eventId' | 'callId' | 'at'>
    : never
  : never;

interface CallProgress {
  answeredAt?: number;
  agentName?: string;
  reported: Set<CallEvent['type']>;
  /** The call's latest delivery: each event goes only after the one before it. */
  delivered: Promise<void>;
}

/**
 * Reports each call's steps to the API, where the call record and the supervisors' figures
 * live. `created` carries the call token's claims, from which the API makes the record, and
 * the process's boot id, by which the API ends it should the process die first; so a
 * call's events go one after another, `created` first. Every event has its own id, so a
 * retry after a lost answer is harmless; failed deliveries are retried with backoff, so a
 * brief API restart loses nothing.
 */
export function apiCallReporter(
  options: ApiCallReporterOptions,
): CallObserver & { flush(): Promise<void> } {
  const calls = new Map<string, CallProgress>();
  const inFlight = new Set<Promise<void>>();
  const retryForMs = options.retryForMs ?? 5 * 60_000;

  const deliver = async (event: CallEvent) => {
    const deadline = Date.now() + retryForMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(new URL('/v1/internal/call-events', options.apiUrl), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.serviceToken ?? ''}`,
          },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(5000),
        });
        // 4xx other than 429 will not get better by retrying: log it and give up.
        if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429)) {
          if (!res.ok)
            options.logger.error(
              { status: res.status, type: event.type, callId: event.callId },
              'API refused a call event',
            );
          return;
        }
      } catch {
        // network error: retried below
      }
      if (Date.now() > deadline) {
        options.logger.error(
          { type: event.type, callId: event.callId },
          'call event undeliverable, dropped',
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 250 * 2 ** attempt)));
    }
  };
  /** `measured`: the call's quality figures, awaited (boundedly) before the event goes. */
  const send = (
    callId: string,
    event: EventBody,
    measured?: Promise<QualityFigures | undefined>,
  ) => {
    const progress = calls.get(callId);
    if (!progress || progress.reported.has(event.type)) return;
    progress.reported.add(event.type);
    const stamped = {
      ...event,
      eventId: randomUUID(),
      callId,
      at: new Date().toISOString(),
    } as CallEvent;
    const delivery = progress.delivered.then(async () => {
      const quality = measured && (await withinMs(measured, qualityWaitMs));
      return deliver(quality ? ({ ...stamped, quality } as CallEvent) : stamped);
    });
    progress.delivered = delivery;
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  };

  return {
    created: (claims) => {
      calls.set(claims.callId, { reported: new Set(), delivered: Promise.resolve() });
      send(claims.callId, {
        type: 'created',
        claims,
        ...(options.bootId ? { bootId: options.bootId } : {}),
      });
    },
    ringing: (callId) => send(callId, { type: 'ringing' }),
    answered: (callId, codec) => {
      const progress = calls.get(callId);
      if (progress) progress.answeredAt = Date.now();
      send(callId, {
        type: 'answered',
        codec: codec ?? 'unknown',
        ...(progress?.agentName ? { agentName: progress.agentName } : {}),
      });
    },
    agent: (callId, name) => {
      const progress = calls.get(callId);
      if (progress) progress.agentName = name.slice(0, 80);
    },
    ended: (callId, reason, _codec, quality) => {
      if (!callId) return;
      const answeredAt = calls.get(callId)?.answeredAt;
      send(
        callId,
        {
          type: 'ended',
          reason: reason.code,
          durationS: answeredAt ? Math.round((Date.now() - answeredAt) / 1000) : 0,
          ...(reason.sipStatus ? { sipStatus: reason.sipStatus } : {}),
        },
        quality,
      );
      calls.delete(callId);
    },
    async flush() {
      await Promise.all(inFlight);
    },
  };
}

/**
 * The quality figures take one round trip to the media process; one that hangs must not hold
 * the call's end (and the supervisors' view of it) back: the event then goes without them.
 */
const qualityWaitMs = 2000;

function withinMs<T>(value: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([value.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

import type { VisitorCallEndCode } from '../../../protocol/call-end-reason.ts';
import type { JourneyErrorKind } from '../i18n/en.ts';

export type { JourneyErrorKind };

/**
 * Where the visitor is in the journey:
 *
 *   start -> captcha -> (availability) -> connection -> sound -> call -> rating -> thanks
 *                             |                |          |        |        | <= 2 stars
 *                             v                v          v        v        v
 *                      callback (closed,   error:     error:   failed:   callback -> thanks
 *                      no route)           network    mic      ways forward
 */
export type JourneyStep =
  | { name: 'start' }
  | { name: 'captcha'; next: 'call' | 'callback' }
  | { name: 'connection' }
  | { name: 'sound' }
  | { name: 'call' }
  | { name: 'rating'; callId: string; endCode: VisitorCallEndCode }
  | { name: 'callback'; why: 'low_rating' | 'closed' | 'no_route' | 'asked'; callId?: string }
  | { name: 'thanks'; phone?: string }
  | { name: 'error'; kind: JourneyErrorKind };

/** Where "Try again" on an error screen takes the visitor back to. */
export function retryStepFor(kind: JourneyErrorKind): JourneyStep | undefined {
  switch (kind) {
    case 'mic_denied':
    case 'mic_missing':
      return { name: 'sound' };
    case 'network_blocked':
      return { name: 'connection' };
    case 'unavailable':
      return { name: 'start' };
    case 'no_webrtc':
      // Trying again in the same browser cannot help: the fallback numbers and callback can.
      return undefined;
  }
}

/** A rating this low earns an offer to make up for it with a callback (the seed's flow). */
export const lowRating = (stars: number) => stars <= 2;

/**
 * Answered calls cut off before their end (a media process died, a gateway's drain ran out,
 * the connection to the gateway was lost): the visitor stays on the call screen,
 * with the reason, "Call again" and the callback offer, instead of being asked to rate a call
 * they did not finish.
 */
export const cutOffByUs = (code: VisitorCallEndCode) =>
  code === 'media_worker_lost' || code === 'gateway_draining' || code === 'connection_lost';

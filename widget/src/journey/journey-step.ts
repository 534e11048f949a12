import type { OpeningHours } from '../../../protocol/api/business-hours.ts';
import type { CallbackOffer } from '../../../protocol/api/call-request.ts';
import type { CallbackSlot } from '../../../protocol/api/callback-slots.ts';
import type { VisitorCallEndCode } from '../../../protocol/call-end-reason.ts';
import type { JourneyErrorKind } from '../i18n/en.ts';

export type { JourneyErrorKind };

/**
 * Where the visitor is in the journey:
 *
 *   start -> captcha -> (availability) -> connection -> sound -> call -> rating -> thanks
 *     ^                       |                |          |        |        | <= 2 stars
 *     |                       v                v          v        v        v
 *     +--- another team -- callback (closed,   error:     error:   failed:   callback -> thanks
 *     |                     no route)          network    mic      ways     ("No, thanks"
 *     |                                                            forward   -> thanks)
 *     |                                                      |
 *     +--- "No, thanks" -- callback (abandoned) <- hung up before the answer
 *
 * Closing the widget (launcher, Esc) only hides it: the step stays. Close on Thanks ends the
 * journey, back to start (the session still spares the visitor a new captcha).
 */
export type JourneyStep =
  | { name: 'start' }
  | { name: 'captcha'; next: 'call' | 'callback' }
  | { name: 'connection' }
  | { name: 'sound' }
  | { name: 'call' }
  | { name: 'rating'; callId: string; endCode: VisitorCallEndCode }
  | {
      name: 'callback';
      why: CallbackWhy;
      callId?: string;
      /** Closed hours: when the team opens again. */
      openingHours?: OpeningHours;
      /** `long_wait`: the slot offered instead of the wait, chosen from the start. */
      slot?: CallbackSlot;
    }
  /** `phone`: the callback's number as this visitor reads it, "(713) 555-0199". */
  | { name: 'thanks'; phone?: string }
  | { name: 'error'; kind: JourneyErrorKind };

/**
 * Why the callback form shows: after a low rating, closed hours, no route, asked for, or
 * `abandoned`: the visitor hung up before an agent answered (its own offer, with "No, thanks"),
 * or `long_wait`: "call me back instead", chosen under a long expected wait (Start, ringing).
 */
export type CallbackWhy =
  'low_rating' | 'closed' | 'no_route' | 'asked' | 'abandoned' | 'long_wait';

/** The Closed screen or callback form the API offered instead of a call. */
export const offeredCallback = (offer: CallbackOffer): JourneyStep => ({
  name: 'callback',
  why: offer.reason,
  ...(offer.openingHours ? { openingHours: offer.openingHours } : {}),
});

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
 * Answered calls cut off before their end, on our side or the contact center's (a media
 * process died, a gateway's drain ran out, the connection to the gateway was lost, the
 * agent's phone or PBX vanished): the visitor stays on the call screen, with the reason,
 * "Call again" and the callback offer, instead of being asked to rate a call they did not
 * finish. A lost audio path (`media_failed`) is not one: it is as often the visitor's own
 * network, and the rating screen after it still leads a low rating to the callback form.
 */
const cutOffCodes: ReadonlySet<VisitorCallEndCode> = new Set([
  'agent_lost',
  'media_worker_lost',
  'gateway_draining',
  'connection_lost',
]);
export const cutOffByUs = (code: VisitorCallEndCode) => cutOffCodes.has(code);

/**
 * Where an ended call leads: after a talk, the rating (unless it was cut off: the call screen
 * stays, with its ways forward); hung up by the visitor before an answer, right then the offer
 * to be called back, linked to the call. Otherwise (refused, failed, or no call placed yet)
 * the call screen stays: undefined.
 */
export function stepAfterCall(
  outcome: { code: VisitorCallEndCode; answered: boolean },
  callId: string | undefined,
): JourneyStep | undefined {
  if (!callId) return undefined;
  if (outcome.answered)
    return cutOffByUs(outcome.code) ? undefined : { name: 'rating', callId, endCode: outcome.code };
  if (outcome.code === 'visitor_hung_up') return { name: 'callback', why: 'abandoned', callId };
  return undefined;
}

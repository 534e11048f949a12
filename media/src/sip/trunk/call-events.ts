import type { Body } from 'sip.js/lib/core/index.js';
import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';
import type { ServiceLogger as TrunkLogger } from '../core/sip-logger.ts';
import type { TransferRequest } from './call-transfer.ts';

/** Why the dialog wants an offer of ours (TrunkCallEvents.onOfferWanted). */
export type OfferWanted = 'offerless re-INVITE' | 'session refresh';

/** What the call bridge hears about a trunk call. */
export interface TrunkCallEvents {
  /** 180 (no SDP). */
  onRinging(): void;
  /** 183 (or 180) with SDP: ringback / queue announcements. */
  onEarlyMedia(sdp: string): void;
  /** 200 OK (after we ACK). */
  onAnswered(sdp: string): void;
  /** From P-Asserted-Identity, Remote-Party-ID or the To display name; again when it changes. */
  onAgentName(name: string): void;
  /** re-INVITE/UPDATE offer from the PBX: resolve with our answer; a rejection answers 488. */
  onReOffer(sdp: string): Promise<string>;
  /**
   * Our offer, as the session is now. For a re-INVITE without SDP (CUCM on transfer and
   * resume), for its 2xx: the PBX's answer comes in its ACK, and a rejection answers 488. For
   * our session refresh (RFC 4028), whose answer comes in the 2xx: the session unchanged, a
   * hold included; a rejection sends our last SDP again.
   */
  onOfferWanted(why?: OfferWanted): Promise<string>;
  /**
   * The PBX's answer to an offer of ours in the dialog (in the ACK to our 2xx, or in its 2xx
   * to our refresh): a rejection ends the call.
   */
  onReAnswer(sdp: string): Promise<void>;
  /**
   * A REFER from the PBX in one of the call's dialogs (call-transfer.ts): the listener must
   * accept or refuse it.
   */
  onTransfer(request: TransferRequest): void;
  /** Exactly once, however the call ends (our hangUp() included). */
  onEnded(reason: CallEndReason): void;
}

/**
 * Wraps the bridge's listeners so one that throws is logged instead of unwinding into the SIP
 * stack (as mediasoup's safeEmit does), and onEnded fires once at most.
 */
export function safeEvents(
  events: TrunkCallEvents,
  logger: TrunkLogger,
  callId: string,
): TrunkCallEvents {
  const guard =
    <A extends unknown[]>(name: string, listener: (...args: A) => void) =>
    (...args: A) => {
      try {
        listener(...args);
      } catch (error) {
        logger.error({ callId, err: error, listener: name }, 'trunk call listener threw');
      }
    };
  let ended = false;
  return {
    onRinging: guard('onRinging', () => events.onRinging()),
    onEarlyMedia: guard('onEarlyMedia', (sdp: string) => events.onEarlyMedia(sdp)),
    onAnswered: guard('onAnswered', (sdp: string) => events.onAnswered(sdp)),
    onAgentName: guard('onAgentName', (name: string) => events.onAgentName(name)),
    onReOffer: (sdp) => settled(() => events.onReOffer(sdp)),
    onOfferWanted: (why) => settled(() => events.onOfferWanted(why)),
    onReAnswer: (sdp) => settled(() => events.onReAnswer(sdp)),
    onTransfer: (request: TransferRequest) => {
      try {
        events.onTransfer(request);
      } catch (error) {
        logger.error({ callId, err: error, listener: 'onTransfer' }, 'trunk call listener threw');
        request.refuse();
      }
    },
    onEnded: guard('onEnded', (reason: CallEndReason) => {
      if (ended) return;
      ended = true;
      events.onEnded(reason);
    }),
  };
}

/** A listener's promise, with a throw turned into a rejection the SIP code answers. */
function settled<T>(listener: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(listener());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export function sdpBody(sdp: string): Body {
  return { contentDisposition: 'session', contentType: 'application/sdp', content: sdp };
}

/** The SDP of a message, if it carries one. */
export function sdpOf(message: { body?: string; getHeader(name: string): string | undefined }) {
  const type = message.getHeader('content-type') ?? '';
  if (!message.body || !/^application\/sdp\b/i.test(type.trim())) return undefined;
  return message.body;
}

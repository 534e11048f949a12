import type {
  IncomingReferRequest,
  IncomingRequestMessage,
  IncomingResponseMessage,
  ResponseOptions,
  Session,
} from 'sip.js/lib/core/index.js';
import type { ServiceLogger as TrunkLogger } from '../core/sip-logger.ts';
import type { HeaderSource } from './agent-name.ts';
import { sdpBody, sdpOf } from './call-events.ts';
import type { TrunkCallEvents } from './call-events.ts';
import { rackHeader, reliableSequence } from './reliable-provisional.ts';

export interface EarlyDialogsOptions {
  callId: string;
  /** Our From tag: the To tag of the PBX's requests in these dialogs. */
  localTag: string;
  events: TrunkCallEvents;
  logger: TrunkLogger;
  /** Our Contact header value, for the 2xx to an UPDATE. */
  contact(): string;
  /** True while the call waits for its answer (the early dialogs still mean something). */
  early(): boolean;
  /** The PBX's latest SDP before the answer, if any: its early answer to our offer. */
  earlySdp(): string | undefined;
  /** The PBX's early offer was answered: its media is what a 2xx without SDP means. */
  offerTaken(sdp: string): void;
  agentName(message: HeaderSource, kind: 'request'): void;
  /** A REFER in an early dialog: the call refuses it (not answered), as a possible fraud. */
  refer(request: IncomingReferRequest, session: Session): void;
}

/**
 * What happens in the early dialogs the PBX's provisional responses make, before the answer:
 * a reliable provisional is acknowledged with a PRACK (RFC 3262), and an UPDATE brings a new
 * connected party while it rings, or, once the PBX has answered our offer, a new offer of its
 * own (RFC 3311 5.1).
 */
export class EarlyDialogs {
  readonly #o: EarlyDialogsOptions;
  /** The PBX's tags of the early dialogs (RFC 3261 12.1): one per fork. */
  readonly #remoteTags = new Set<string>();

  constructor(options: EarlyDialogsOptions) {
    this.#o = options;
  }

  /** A provisional response with a tag made (or went on with) the early dialog `session`. */
  provisional(message: IncomingResponseMessage, session: Session): void {
    this.#remoteTags.add(message.toTag);
    // The answer's CallDialog takes this delegate over; until then only a REFER is ours.
    session.delegate ??= { onRefer: (request) => this.#o.refer(request, session) };
    const rseq = reliableSequence(message);
    if (rseq === undefined) return;
    const { callId, logger } = this.#o;
    try {
      session.prack(
        {
          onReject: ({ message: m }) =>
            logger.warn({ callId, sipStatus: m.statusCode }, 'PRACK refused'),
        },
        { extraHeaders: [rackHeader(rseq, message.cseq)] },
      );
    } catch (error) {
      logger.warn({ callId, err: error }, 'could not send PRACK');
    }
  }

  owns(message: IncomingRequestMessage): boolean {
    return (
      message.callId === this.#o.callId &&
      message.toTag === this.#o.localTag &&
      this.#remoteTags.has(message.fromTag)
    );
  }

  async answerUpdate(message: IncomingRequestMessage): Promise<ResponseOptions> {
    const { events, logger, callId } = this.#o;
    if (!this.#o.early()) return { statusCode: 481 };
    this.#o.agentName(message, 'request');
    const extraHeaders = [`Contact: ${this.#o.contact()}`];
    const offer = sdpOf(message);
    if (!offer) return { statusCode: 200, extraHeaders };
    // Our INVITE's offer still unanswered: the two offers collide (RFC 3311 5.2).
    if (!this.#o.earlySdp()) return { statusCode: 491 };
    try {
      const answer = await events.onReOffer(offer);
      if (!this.#o.early()) return { statusCode: 481 };
      this.#o.offerTaken(offer);
      return { statusCode: 200, extraHeaders, body: sdpBody(answer) };
    } catch (error) {
      logger.warn({ callId, err: error }, 'PBX early offer refused');
      return { statusCode: 488 };
    }
  }
}

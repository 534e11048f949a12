import type {
  IncomingInviteRequest,
  IncomingReferRequest,
  IncomingRequestMessage,
  ResponseOptions,
  Session,
  UserAgentCore,
} from 'sip.js/lib/core/index.js';
import { endReasonOf } from '../../../../protocol/call-end-reason.ts';
import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';
import type { HeaderSource } from './agent-name.ts';
import { sdpBody, sdpOf } from './call-events.ts';
import type { TrunkCallEvents } from './call-events.ts';
import {
  parseMinSe,
  SessionTimer,
  sessionExpiresForAnswer,
  termsFromRequest,
  termsFromResponse,
} from './session-timer.ts';
import type { SessionTimerTerms } from './session-timer.ts';
import type { ServiceLogger as TrunkLogger } from '../core/sip-logger.ts';
import { PbxAnswerMissingError } from './trunk-errors.ts';

export interface CallDialogOptions {
  session: Session;
  core: UserAgentCore;
  /** Our Contact header value, repeated in every in-dialog request and 2xx. */
  contact: string;
  /** Our first offer: the last SDP we sent, until the dialog sends another. */
  localSdp: string;
  sessionExpiresS: number;
  minSessionExpiresS: number;
  events: TrunkCallEvents;
  logger: TrunkLogger;
  callId: string;
  agentName(message: HeaderSource, kind: 'request' | 'response'): void;
  /** A REFER in this dialog: a transfer the call decides on (call-transfer.ts). */
  refer(request: IncomingReferRequest): void;
  end(reason: CallEndReason): void;
}

/**
 * The confirmed dialog of an answered call: BYE from the PBX, re-INVITE and UPDATE from the
 * PBX (hold, resume, new media address, agent name, session refresh), REFER (a transfer, which
 * the call hands to the bridge), and RFC 4028 refreshes when we are the refresher. sip.js's
 * core has no UPDATE, so the call hands UPDATEs here.
 * A re-INVITE without SDP (CUCM on transfer and resume) gets our offer in the 2xx, and its ACK
 * brings the answer (RFC 3261 14.1, 14.2):
 *
 *   stable --re-INVITE without SDP / 2xx with our offer--> offered --ACK with SDP--> stable
 *                                                             \--ACK without, bad answer--> BYE
 */
export class CallDialog {
  readonly #o: CallDialogOptions;
  readonly #timer: SessionTimer;
  #localSdp: string;
  #stopped = false;
  /** Our 2xx to a re-INVITE carried an offer: its ACK owes us the answer. */
  #offered = false;

  constructor(options: CallDialogOptions) {
    this.#o = options;
    this.#localSdp = options.localSdp;
    this.#timer = new SessionTimer({
      refresh: () => void this.#refresh(),
      // The PBX stopped refreshing: it lost the call, as when it went silent (agent_lost).
      expired: () => {
        this.bye();
        this.#o.end({
          code: 'agent_lost',
          cause: 'session_expired',
          detail: 'session timer expired without refresh',
        });
      },
    });
    options.session.delegate = {
      onBye: (request) => {
        request.accept();
        this.#o.end({ code: 'agent_hung_up', cause: 'pbx_bye' });
      },
      onInvite: (request) => void this.#reInvite(request),
      onAck: ({ message }) => this.#acked(message),
      onRefer: (request) => this.#o.refer(request),
    };
  }

  /** True when `message` belongs to this dialog (for UPDATEs, which sip.js cannot route). */
  owns(message: IncomingRequestMessage): boolean {
    const { session } = this.#o;
    return (
      message.callId === session.callId &&
      message.toTag === session.localTag &&
      message.fromTag === session.remoteTag
    );
  }

  applyTerms(terms: SessionTimerTerms | undefined): void {
    if (!this.#stopped) this.#timer.apply(terms);
  }

  bye(): void {
    this.stop();
    try {
      this.#o.session.bye();
    } catch (error) {
      this.#o.logger.warn({ callId: this.#o.callId, err: error }, 'could not send BYE');
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#timer.stop();
  }

  /** A re-INVITE from the PBX; sip.js retransmits our 2xx until the ACK comes. */
  async #reInvite(request: IncomingInviteRequest): Promise<void> {
    const response = await this.#answerOffer(request.message);
    if (response.statusCode !== 200) return void request.reject(response);
    this.#offered = !sdpOf(request.message) && response.body !== undefined;
    request.accept(response);
  }

  /** An in-dialog UPDATE, answered by the call (update-replies.ts). */
  answerUpdate(message: IncomingRequestMessage): Promise<ResponseOptions> {
    return this.#answerOffer(message);
  }

  /** The ACK to our 2xx: when that 2xx carried an offer, the PBX's answer is here. */
  async #acked(message: IncomingRequestMessage): Promise<void> {
    if (!this.#offered || this.#stopped) return;
    this.#offered = false;
    await this.#followAnswer(sdpOf(message), 'ACK');
  }

  /** The PBX's answer to an offer of ours in this dialog (in an ACK, or a refresh's 2xx). */
  async #followAnswer(answer: string | undefined, carrier: 'ACK' | 'refresh 2xx'): Promise<void> {
    try {
      if (!answer) throw new PbxAnswerMissingError();
      await this.#o.events.onReAnswer(answer);
    } catch (error) {
      if (this.#stopped) return;
      // The session cannot go on as offered (RFC 3261 13.3.1.4 has the UAC do the same with
      // an offer it cannot take in a 2xx): BYE, as sip.js's own Session does.
      const { callId, logger } = this.#o;
      logger.warn({ callId, err: error, carrier }, "PBX's answer refused");
      this.bye();
      this.#o.end(endReasonOf(error));
    }
  }

  async #answerOffer(message: IncomingRequestMessage): Promise<ResponseOptions> {
    if (this.#stopped) return { statusCode: 481 };
    this.#o.agentName(message, 'request');
    const requested = termsFromRequest(message.getHeader('session-expires'));
    const terms = requested ?? this.#timer.terms;
    this.applyTerms(terms);
    const extraHeaders = [`Contact: ${this.#o.contact}`];
    if (requested) extraHeaders.push(`Session-Expires: ${sessionExpiresForAnswer(requested)}`);
    if (requested && /\btimer\b/i.test(message.getHeader('supported') ?? ''))
      extraHeaders.push('Require: timer');
    const offer = sdpOf(message);
    // An UPDATE without SDP (a refresh, a new connected party) changes no media.
    if (!offer && message.method !== 'INVITE') return { statusCode: 200, extraHeaders };
    try {
      // A re-INVITE without SDP wants our offer, whose answer comes in the ACK.
      const sdp = offer
        ? await this.#o.events.onReOffer(offer)
        : await this.#o.events.onOfferWanted('offerless re-INVITE');
      if (this.#stopped) return { statusCode: 481 };
      this.#localSdp = sdp;
      return { statusCode: 200, extraHeaders, body: sdpBody(sdp) };
    } catch (error) {
      this.#o.logger.warn({ callId: this.#o.callId, err: error }, 'PBX re-offer refused');
      return { statusCode: 488, extraHeaders: [] };
    }
  }

  /**
   * We are the refresher: a re-INVITE offering the session as it is now (RFC 4028 7.4), not our
   * first offer again: that named every codec, and the call carries one now. Its o= version
   * moves only if this differs from the last SDP we sent (RFC 3264 8). The PBX may answer with
   * a new SDP (its media moved): the call follows it.
   */
  async #refresh(
    expiresS = this.#timer.terms?.expiresS ?? this.#o.sessionExpiresS,
    retried = false,
  ): Promise<void> {
    if (this.#stopped) return;
    const { session, contact, minSessionExpiresS, callId, logger, events } = this.#o;
    // A leg the call left (a transfer) has no media to ask: our last SDP holds it meanwhile.
    const offer = await events.onOfferWanted('session refresh').catch(() => this.#localSdp);
    if (this.#stopped) return;
    try {
      session.invite(
        {
          onAccept: ({ message, ack }) => {
            ack();
            this.#o.agentName(message, 'response');
            const terms = termsFromResponse(message.getHeader('session-expires'));
            this.applyTerms(terms ?? { expiresS, weRefresh: true });
            logger.debug({ callId, expiresS }, 'session refreshed');
            // A 2xx without SDP breaks RFC 3261 14.2, yet says nothing changed: the call goes on.
            const answer = sdpOf(message);
            if (answer) void this.#followAnswer(answer, 'refresh 2xx');
          },
          onReject: ({ message }) => {
            const status = message.statusCode ?? 500;
            const minSe = parseMinSe(message.getHeader('min-se'));
            if (status === 422 && minSe && !retried) return void this.#refresh(minSe, true);
            // No answer, or a PBX that no longer knows the dialog: the agent's side is gone.
            if (status === 408 || status === 481 || !message.callId) {
              this.bye();
              this.#o.end({
                code: 'agent_lost',
                sipStatus: status,
                cause: 'session_refresh_failed',
                detail: 'session refresh failed',
              });
              return;
            }
            this.#timer.restart(); // e.g. 491 glare: the session goes on, try again later
          },
        },
        {
          extraHeaders: [
            `Contact: ${contact}`,
            `Session-Expires: ${expiresS};refresher=uac`,
            `Min-SE: ${minSessionExpiresS}`,
          ],
          body: sdpBody(offer),
        },
      );
      this.#localSdp = offer;
    } catch (error) {
      logger.warn({ callId, err: error }, 'session refresh not sent; retrying later');
      this.#timer.restart();
    }
  }
}

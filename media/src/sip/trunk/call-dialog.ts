import type {
  IncomingInviteRequest,
  IncomingRequestMessage,
  ResponseOptions,
  Session,
  UserAgentCore,
} from 'sip.js/lib/core/index.js';
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

export interface CallDialogOptions {
  session: Session;
  core: UserAgentCore;
  /** Our Contact header value, repeated in every in-dialog request and 2xx. */
  contact: string;
  /** Our current SDP (offer, or the last answer we gave): sent again in refreshes. */
  localSdp: string;
  sessionExpiresS: number;
  minSessionExpiresS: number;
  events: TrunkCallEvents;
  logger: TrunkLogger;
  callId: string;
  agentName(message: HeaderSource, kind: 'request'): void;
  end(reason: CallEndReason): void;
}

/**
 * The confirmed dialog of an answered call: BYE from the PBX, re-INVITE and UPDATE from the
 * PBX (hold, resume, new media address, agent name, session refresh), and RFC 4028 refreshes
 * when we are the refresher. sip.js's core has no UPDATE, so the client hands UPDATEs here.
 */
export class CallDialog {
  readonly #o: CallDialogOptions;
  readonly #timer: SessionTimer;
  #localSdp: string;
  #stopped = false;
  /** The last UPDATE answered, by CSeq: a retransmission gets the same answer again. */
  #lastUpdate: { cseq: number; response: ResponseOptions | undefined } | undefined;

  constructor(options: CallDialogOptions) {
    this.#o = options;
    this.#localSdp = options.localSdp;
    this.#timer = new SessionTimer({
      refresh: () => this.#refresh(),
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
    if (response.statusCode === 200) request.accept(response);
    else request.reject(response);
  }

  /** An in-dialog UPDATE: answered statelessly (the same answer again on a retransmission). */
  async update(message: IncomingRequestMessage): Promise<void> {
    const last = this.#lastUpdate;
    if (last && message.cseq <= last.cseq) {
      if (last.response && message.cseq === last.cseq)
        this.#o.core.replyStateless(message, last.response);
      return;
    }
    this.#lastUpdate = { cseq: message.cseq, response: undefined };
    const response = await this.#answerOffer(message);
    this.#lastUpdate = { cseq: message.cseq, response };
    this.#o.core.replyStateless(message, response);
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
    // No offer (a refresh, or an offerless re-INVITE): our current SDP, unchanged version.
    if (!offer) {
      const body = message.method === 'INVITE' ? sdpBody(this.#localSdp) : undefined;
      return { statusCode: 200, extraHeaders, ...(body ? { body } : {}) };
    }
    try {
      const answer = await this.#o.events.onReOffer(offer);
      if (this.#stopped) return { statusCode: 481 };
      this.#localSdp = answer;
      return { statusCode: 200, extraHeaders, body: sdpBody(answer) };
    } catch (error) {
      this.#o.logger.warn({ callId: this.#o.callId, err: error }, 'PBX re-offer refused');
      return { statusCode: 488, extraHeaders: [] };
    }
  }

  /** We are the refresher: re-INVITE with our unchanged SDP (RFC 4028 7.4, 3264 8). */
  #refresh(expiresS = this.#timer.terms?.expiresS ?? this.#o.sessionExpiresS, retried = false) {
    if (this.#stopped) return;
    const { session, contact, minSessionExpiresS, callId, logger } = this.#o;
    try {
      session.invite(
        {
          onAccept: ({ message, ack }) => {
            ack();
            const terms = termsFromResponse(message.getHeader('session-expires'));
            this.applyTerms(terms ?? { expiresS, weRefresh: true });
            logger.debug({ callId, expiresS }, 'session refreshed');
          },
          onReject: ({ message }) => {
            const status = message.statusCode ?? 500;
            const minSe = parseMinSe(message.getHeader('min-se'));
            if (status === 422 && minSe && !retried) return this.#refresh(minSe, true);
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
          body: sdpBody(this.#localSdp),
        },
      );
    } catch (error) {
      logger.warn({ callId, err: error }, 'session refresh not sent; retrying later');
      this.#timer.restart();
    }
  }
}

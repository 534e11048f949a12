import { randomBytes } from 'node:crypto';
import { Grammar } from 'sip.js/lib/core/index.js';
import type {
  IncomingReferRequest,
  IncomingRequestMessage,
  IncomingResponseMessage,
  OutgoingInviteRequest,
  Session,
  URI,
} from 'sip.js/lib/core/index.js';
import { endReasonOf } from '../../../../protocol/call-end-reason.ts';
import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';
import type { CallPhase } from '../../../../protocol/call-phase.ts';
import { agentNameOf } from './agent-name.ts';
import type { HeaderSource } from './agent-name.ts';
import { CallDialog } from './call-dialog.ts';
import { transferorByeWaitMs, transferRequest } from './call-transfer.ts';
import { EarlyDialogs } from './early-dialogs.ts';
import { safeEvents, sdpOf } from './call-events.ts';
import type { TrunkCallEvents } from './call-events.ts';
import { inviteMessage } from './invite-message.ts';
import { inviteOutcome } from './invite-outcome.ts';
import { routingHeaderLines } from './routing-headers.ts';
import { termsFromResponse } from './session-timer.ts';
import { authRefusal, credentialHeaderLines, isChallenge } from './trunk-auth-refusal.ts';
import type { CallContext, TrunkCall, TrunkCallRequest } from './trunk-call-types.ts';
import {
  InvalidTrunkTargetError,
  TrunkCertificateError,
  TrunkUnreachableError,
} from './trunk-errors.ts';
import { UpdateReplies } from './update-replies.ts';

/**
 * One call into the trunk, from INVITE to the end.
 *
 *   calling --1xx--> proceeding --2xx (ACK)--> answered --BYE (either way), session expiry--> ended
 *                   (1xx: ringing without SDP, early media with; PRACK when reliable, RFC 3262;
 *                    UPDATE in the early dialog: a new connected party, RFC 3311)
 *      |                 |--3xx-6xx, ring timeout (CANCEL)-------------------------------> ended
 *      |--no response in inviteTimeoutMs, unhealthy trunk, transport error-------------> ended
 *   hangUp(): calling: CANCEL once a provisional comes; proceeding: CANCEL; answered: BYE.
 *   A REFER (early or answered) goes to the bridge (call-transfer.ts); once it notified a
 *   successful transfer, the PBX BYEs this leg, or we do after transferorByeWaitMs.
 *   After the end a late 1xx is CANCELled and a late 2xx is ACKed and BYEd.
 * In the protocol's words (protocol/call-phase.ts): calling is `connecting`, proceeding
 * `ringing`, answered `talking`.
 */
type TrunkLegState = 'calling' | 'proceeding' | 'answered' | 'ended';

const callPhaseOf: Record<TrunkLegState, CallPhase> = {
  calling: 'connecting',
  proceeding: 'ringing',
  answered: 'talking',
  ended: 'ended',
};

export class TrunkCallLeg implements TrunkCall {
  readonly callId: string;
  readonly #ctx: CallContext;
  readonly #request: TrunkCallRequest;
  readonly #events: TrunkCallEvents;
  readonly #fromTag = randomBytes(8).toString('hex');
  #state: TrunkLegState = 'calling';
  #invite: OutgoingInviteRequest | undefined;
  #dialog: CallDialog | undefined;
  #cseq = 1;
  #sessionExpiresS: number;
  #cancelled = false;
  #ringing = false;
  /** The SDP of the PBX's provisional responses, so a repeated one changes nothing. */
  #earlyAnswer: string | undefined;
  /** The PBX's latest SDP before the answer: its early answer, or an early UPDATE's offer. */
  #earlySdp: string | undefined;
  readonly #early: EarlyDialogs;
  readonly #updates: UpdateReplies;
  #inviteTimer: ReturnType<typeof setTimeout> | undefined;
  #ringTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(ctx: CallContext, request: TrunkCallRequest, events: TrunkCallEvents) {
    this.#ctx = ctx;
    this.#request = request;
    this.callId = request.callId;
    this.#events = safeEvents(events, ctx.logger, request.callId);
    this.#sessionExpiresS = Math.max(ctx.timers.sessionExpiresS, ctx.timers.minSessionExpiresS);
    this.#updates = new UpdateReplies(ctx.core);
    this.#early = new EarlyDialogs({
      callId: this.callId,
      localTag: this.#fromTag,
      events: this.#events,
      logger: ctx.logger,
      contact: () => this.#dialogContact,
      early: () => this.#state === 'proceeding',
      earlySdp: () => this.#earlySdp,
      offerTaken: (sdp) => (this.#earlySdp = sdp),
      agentName: (m, kind) => this.#agentName(m, kind),
      refer: (request, session) => this.#refer(request, session, false),
    });
  }

  get ended(): boolean {
    return this.#state === 'ended';
  }

  start(): void {
    this.#begin().catch((error: unknown) => {
      if (error instanceof TrunkUnreachableError || error instanceof TrunkCertificateError)
        this.#ctx.reachable(false);
      this.#end(endReasonOf(error));
    });
  }

  hangUp(): void {
    this.terminate({ code: 'visitor_hung_up', cause: 'hang_up' });
  }

  /** Takes an in-dialog UPDATE if it belongs to this call's dialog, early or confirmed. */
  takeUpdate(message: IncomingRequestMessage): boolean {
    const dialog = this.#dialog;
    if (dialog?.owns(message)) {
      void this.#updates.reply(message, () => dialog.answerUpdate(message));
      return true;
    }
    if (!this.#early.owns(message)) return false;
    void this.#updates.reply(message, () => this.#early.answerUpdate(message));
    return true;
  }

  /**
   * A 1xx without a To tag that may answer our INVITE: sip.js's core drops it, since it makes
   * no early dialog (RFC 3261 12.1), but the call progresses all the same: ringing, never early
   * media (an SDP answer needs the dialog a tag makes; the answer's 2xx will carry it).
   */
  takeTaglessProgress(message: IncomingResponseMessage): void {
    const status = message.statusCode ?? 0;
    if (message.callId !== this.callId || message.toTag || status <= 100 || status >= 200) return;
    if (message.method !== 'INVITE' || message.cseq !== this.#invite?.message.cseq) return;
    this.#provisional(message, { dialog: false });
  }

  /** Ends the call from our side with `reason`: CANCEL or BYE as the state requires. */
  terminate(reason: CallEndReason): void {
    if (this.#state === 'ended') return;
    if (this.#state === 'proceeding') this.#cancel();
    if (this.#state === 'answered') this.#dialog?.bye();
    this.#end(reason);
  }

  async #begin(): Promise<void> {
    const { callId } = this.#request;
    if (!/^[A-Za-z0-9._~@:+-]{1,128}$/.test(callId))
      throw new InvalidTrunkTargetError('call id is not a Call-ID');
    const headerLines = routingHeaderLines(this.#request.headers);
    if (!this.#ctx.trunkHealthy()) throw this.#ctx.unhealthyReason();
    const target = Grammar.URIParse(this.#request.target);
    if (!target || !/^sips?$/.test(target.scheme))
      throw new InvalidTrunkTargetError('target is not a SIP URI');
    const local = await this.#ctx.transport.ready();
    if (this.#state === 'ended') return;
    const transport = this.#ctx.transport.protocol.toLowerCase();
    const host = local.host.includes(':') ? `[${local.host}]` : local.host; // IPv6 reference
    const contact = `<sip:${this.#ctx.localUser}@${host}:${local.port};transport=${transport}>`;
    this.#ctx.core.configuration.viaHost = `${host}:${local.port}`;
    const from = Grammar.URIParse(`sip:${this.#ctx.localUser}@${host}`) as URI;
    this.#dialogContact = contact;
    this.#sendInvite(target, from, contact, headerLines);
    this.#inviteTimer = setTimeout(() => this.#noResponse(), this.#ctx.timers.inviteTimeoutMs);
    this.#ringTimer = setTimeout(() => this.#ringTimeout(), this.#ctx.timers.ringTimeoutMs);
  }

  #dialogContact = '';

  #sendInvite(target: URI, from: URI, contact: string, headerLines: string[]): void {
    const message = inviteMessage(this.#ctx.core, {
      target,
      from,
      contact,
      headerLines,
      callId: this.callId,
      cseq: this.#cseq,
      fromTag: this.#fromTag,
      callerDisplayName: this.#request.callerDisplayName,
      sessionExpiresS: this.#sessionExpiresS,
      minSessionExpiresS: this.#ctx.timers.minSessionExpiresS,
      sdpOffer: this.#request.sdpOffer,
    });
    const rejected = ({ message: m }: { message: IncomingResponseMessage }) => {
      if (m.callId) this.#responded();
      if (this.#state === 'ended') return;
      // A challenge the core did not answer (none of our credentials fit) or answered in vain.
      if (isChallenge(m)) return this.#end(this.#authRefused(m));
      const outcome = inviteOutcome(m, this.#cseq, this.#sessionExpiresS);
      if ('end' in outcome) {
        if (!m.callId) this.#ctx.reachable(false); // a transport failure, not a PBX 503
        return this.#end(outcome.end);
      }
      this.#sessionExpiresS = outcome.retryWithSessionExpiresS;
      // The core counts CSeq on when it answers a challenge: go on from the last one sent.
      this.#cseq = Math.max(this.#cseq, m.cseq) + 1;
      this.#sendInvite(target, from, contact, headerLines);
    };
    this.#invite = this.#ctx.core.invite(message, {
      onTrying: () => this.#provisional(undefined),
      onProgress: ({ message: m, session }) => {
        this.#early.provisional(m, session);
        this.#provisional(m);
      },
      onAccept: ({ message: m, session, ack }) => {
        // The ACK carries the INVITE's credentials (RFC 3261 13.2.2.4).
        ack({ extraHeaders: credentialHeaderLines(this.#invite?.message) });
        this.#accepted(m, session);
      },
      onRedirect: rejected,
      onReject: rejected,
    });
  }

  #responded(): void {
    clearTimeout(this.#inviteTimer);
    this.#ctx.reachable(true);
  }

  #provisional(message: IncomingResponseMessage | undefined, { dialog = true } = {}): void {
    this.#responded();
    if (this.#state === 'ended') return this.#cancel();
    if (this.#state === 'answered') return; // a fork's late 1xx: the call is answered
    this.#state = 'proceeding';
    if (!message) return;
    this.#agentName(message);
    const sdp = dialog ? sdpOf(message) : undefined;
    if (sdp && sdp !== this.#earlyAnswer) {
      this.#earlyAnswer = sdp;
      this.#earlySdp = sdp;
      this.#events.onEarlyMedia(sdp);
    } else if (!sdp && !this.#ringing) {
      // 180, or a 183 (181, 182) without SDP: the call progresses, with no media to play.
      this.#ringing = true;
      this.#events.onRinging();
    }
  }

  #accepted(message: IncomingResponseMessage, session: Session): void {
    this.#responded();
    // Too late (we hung up or gave up), or a second fork answered: end that dialog.
    if (this.#state === 'ended' || this.#state === 'answered') {
      session.bye();
      return;
    }
    clearTimeout(this.#ringTimer);
    this.#state = 'answered';
    const sdp = sdpOf(message) ?? this.#earlySdp;
    this.#dialog = new CallDialog({
      session,
      core: this.#ctx.core,
      contact: this.#dialogContact,
      localSdp: this.#request.sdpOffer,
      sessionExpiresS: this.#sessionExpiresS,
      minSessionExpiresS: this.#ctx.timers.minSessionExpiresS,
      events: this.#events,
      logger: this.#ctx.logger,
      callId: this.callId,
      agentName: (m, kind) => this.#agentName(m, kind),
      refer: (request) => this.#refer(request, session, true),
      end: (reason) => this.#end(reason),
    });
    this.#agentName(message);
    this.#dialog.applyTerms(termsFromResponse(message.getHeader('session-expires')));
    if (!sdp) {
      this.#dialog.bye();
      this.#end({ code: 'incompatible', cause: 'pbx_no_sdp', detail: '2xx without SDP answer' });
      return;
    }
    this.#events.onAnswered(sdp);
  }

  #noResponse(): void {
    if (this.#state !== 'calling') return;
    const branch = this.#invite?.message.branch;
    if (branch) this.#ctx.transport.abandon(branch, 'INVITE');
    this.#ctx.reachable(false);
    const ms = this.#ctx.timers.inviteTimeoutMs;
    this.#end({
      code: 'trunk_unreachable',
      cause: 'invite_timeout',
      detail: `no response to INVITE within ${ms} ms`,
    });
  }

  #ringTimeout(): void {
    if (this.#state !== 'calling' && this.#state !== 'proceeding') return;
    this.terminate({ code: 'timeout', cause: 'ring_timeout', detail: 'no answer in time' });
  }

  #cancel(): void {
    if (this.#cancelled || !this.#invite) return;
    this.#cancelled = true;
    this.#invite.cancel();
  }

  /** A REFER from the PBX: the bridge decides (call-transfer.ts); early, it refuses. */
  #refer(request: IncomingReferRequest, session: Session, answered: boolean): void {
    this.#events.onTransfer(
      transferRequest({
        uas: request,
        session,
        answered: answered && this.#state === 'answered',
        contact: this.#dialogContact,
        callId: this.callId,
        logger: this.#ctx.logger,
        transferred: () => {
          // The PBX normally BYEs the old dialog on our NOTIFY of success (RFC 5589 6.1).
          clearTimeout(this.#transferByeTimer);
          this.#transferByeTimer = setTimeout(
            () => this.terminate({ code: 'agent_hung_up', cause: 'transferred' }),
            transferorByeWaitMs,
          );
        },
      }),
    );
  }

  #transferByeTimer: ReturnType<typeof setTimeout> | undefined;

  #agentName(message: HeaderSource, kind: 'response' | 'request' = 'response'): void {
    const name = agentNameOf(message, kind);
    if (name && name !== this.#lastAgentName) {
      this.#lastAgentName = name;
      this.#events.onAgentName(name);
    }
  }

  #lastAgentName: string | undefined;

  #authRefused(response: IncomingResponseMessage): CallEndReason {
    const { site } = this.#request;
    return authRefusal(response, this.#invite?.message, site, this.#ctx.logger);
  }

  #end(reason: CallEndReason): void {
    if (this.#state === 'ended') return;
    const phase = callPhaseOf[this.#state];
    this.#state = 'ended';
    clearTimeout(this.#inviteTimer);
    clearTimeout(this.#ringTimer);
    clearTimeout(this.#transferByeTimer);
    this.#dialog?.stop();
    this.#ctx.finished(this);
    this.#ctx.logger.info({ callId: this.callId, reason, phase }, 'trunk call ended');
    this.#events.onEnded(reason);
  }
}

import { endReasonOf } from '../../../protocol/call-end-reason.ts';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import type { CallMedia, MediaEndReason, MediaEngine, VoiceCodecName } from '../media-engine.ts';
import type { ServiceLogger } from '../sip/core/sip-logger.ts';
import type { TransferRequest } from '../sip/trunk/call-transfer.ts';
import type { TrunkCallEvents, TrunkClient } from '../sip/trunk/trunk-client.ts';
import { callPhaseOf, type BridgePhase } from './bridge-phase.ts';
import type { BrowserLeg, BrowserLegEvents } from './browser-leg.ts';
import { CallTokenRefusal } from './call-token-refusal.ts';
import type { DialTargetGuard } from './dial-target-guard.ts';
import { PendingTransfer, type TrunkLeg } from './pending-transfer.ts';
import { SetUpTiming } from './set-up-timing.ts';
import { trunkCallRequest, type RoutingHeaderNames } from './trunk-call-request.ts';
import { watchPbxSilence } from './pbx-silence-watch.ts';
import type { CallObserver } from './call-observer.ts';

export interface CallBridgeDeps {
  engine: MediaEngine;
  trunk: TrunkClient;
  verifyToken(token: string | undefined): Promise<CallTokenClaims>;
  /**
   * The toll-fraud guard (dial-target-guard.ts): resolves when the verified token's target is
   * one its site allows, rejects with the token code that refuses it otherwise.
   */
  checkDialTarget(claims: CallTokenClaims): Promise<void>;
  /** The same guard on a PBX's REFER: true to dial its target (dial-target-guard.ts). */
  checkTransfer: DialTargetGuard['checkTransfer'];
  trunkCodecs: readonly VoiceCodecName[];
  /** No media from the PBX for this long after the answer, outside a hold: `agent_lost`. */
  pbxMediaTimeoutMs: number;
  /** SIP header names the routing data travels in toward the PBX. */
  routingHeaders: RoutingHeaderNames;
  logger: ServiceLogger;
  /** Told each step once; a throwing observer must not reach the bridge (fanOutObserver). */
  observer: CallObserver;
}

type EndOrigin = 'browser' | 'trunk' | 'gateway';

/**
 * One visitor's call, from the browser's INVITE to the end, bridged into a call to the queue;
 * its phases and their diagram are in bridge-phase.ts.
 */
export class CallBridge implements BrowserLegEvents {
  readonly #deps: CallBridgeDeps;
  readonly #browser: BrowserLeg;
  #phase: BridgePhase = 'verifying';
  #claims: CallTokenClaims | undefined;
  #media: CallMedia | undefined;
  /** The PBX leg the visitor talks through. */
  #leg: TrunkLeg | undefined;
  #transfer: PendingTransfer | undefined;
  #transfers = 0;
  #agentName: string | undefined;
  #ringingTold = false;
  readonly #timing = new SetUpTiming();
  #createdReported = false;
  #stopPbxWatch: () => void = () => undefined;

  constructor(deps: CallBridgeDeps, browser: BrowserLeg) {
    this.#deps = deps;
    this.#browser = browser;
  }

  get phase(): BridgePhase {
    return this.#phase;
  }

  start(): void {
    this.#browser.trying();
    this.#setUp().catch((error: unknown) => this.#end(endReasonOf(error), 'gateway'));
  }

  // --- set-up: token, media, INVITE to the queue -------------------------------------------

  async #setUp(): Promise<void> {
    const refused = (error: unknown) => Promise.reject(new CallTokenRefusal(error));
    const claims = await this.#deps.verifyToken(this.#browser.bearerToken).catch(refused);
    if (this.#phase !== 'verifying') return;
    // The claims are the API's from here: a call refused for its target is reported under its id.
    this.#claims = claims;
    await this.#deps.checkDialTarget(claims).catch(refused);
    if (this.#phase !== 'verifying') return;
    this.#tokenAccepted(claims);
    const media = await this.#deps.engine.openCall({
      callId: claims.callId,
      browserOfferSdp: this.#browser.offerSdp,
      trunkCodecs: this.#deps.trunkCodecs,
      onEnded: (reason) => this.#mediaFailed(reason),
    });
    this.#mediaOpened(media, claims);
  }

  #tokenAccepted(claims: CallTokenClaims): void {
    this.#timing.tokenVerified();
    this.#phase = 'opening_media';
    this.#deps.logger.info(
      { callId: claims.callId, site: claims.sub, queue: claims.queue.displayName },
      'call starting',
    );
  }

  #mediaOpened(media: CallMedia, claims: CallTokenClaims): void {
    // The visitor hung up while the media opened: nothing else holds it.
    if (this.#phase !== 'opening_media') return media.close();
    this.#media = media;
    this.#phase = 'dialing';
    this.#timing.mediaOpened();
    const leg: TrunkLeg = {};
    this.#leg = leg;
    leg.call = this.#deps.trunk.placeCall(
      trunkCallRequest(claims, this.#deps.routingHeaders, {
        target: claims.queue.uri,
        sdpOffer: media.pbxOfferSdp,
        sipCallId: claims.callId,
        queueHeaders: true,
      }),
      this.#trunkEvents(media, leg),
    );
    // Info, once per call: an operator (and bench:call) sees which step a slow set-up spent.
    const timing = { callId: claims.callId, ...this.#timing.split() };
    this.#deps.logger.info(timing, 'INVITE sent to the PBX');
    this.#reportCreated();
  }

  // Reported once the INVITE is out (or when the call ends before that): its delivery to the
  // API (fetch, and the API's own work on these 2 cores) stays off the set-up path.
  #reportCreated(): void {
    if (this.#createdReported || !this.#claims) return;
    this.#createdReported = true;
    this.#deps.observer.created(this.#claims);
  }

  /**
   * A leg's events: the leg the visitor talks through steers the call; a transfer's leg
   * while it rings only its own outcome (its early media is not played: the first leg's
   * plays on); a leg the call left behind nothing (its offers are refused, 488).
   */
  #trunkEvents(media: CallMedia, leg: TrunkLeg): TrunkCallEvents {
    const current = () => this.#leg === leg;
    const left = () => Promise.reject(new Error('the call has left this PBX leg'));
    return {
      onRinging: () => current() && this.#ringing(),
      onEarlyMedia: (sdp) =>
        current() && this.#afterPbxAnswer(media, sdp, (answer) => this.#early(answer)),
      onAnswered: (sdp) =>
        current()
          ? this.#afterPbxAnswer(media, sdp, (answer) => this.#answered(answer))
          : this.#transfer?.leg === leg && this.#transfer.answered(sdp),
      onAgentName: (name) => (current() ? this.#agentNamed(name) : (leg.agentName = name)),
      onReOffer: (sdp) =>
        current() ? this.#followHold(media, () => media.answerPbxOffer(sdp)) : left(),
      // A refresh changes nothing: a held call stays held (RFC 4028 carries the session on).
      onOfferWanted: (why) =>
        current()
          ? Promise.resolve(media.newPbxOffer({ keepDirection: why === 'session refresh' }))
          : left(),
      onReAnswer: async (sdp) => {
        if (!current()) return left();
        await this.#followHold(media, () => media.acceptPbxAnswer(sdp));
      },
      onTransfer: (request) => void this.#transferRequested(leg, request),
      onEnded: (reason) => this.#legEnded(leg, reason),
    };
  }

  // --- the PBX's side ----------------------------------------------------------------------

  #ringing(): void {
    if (this.#phase !== 'dialing') return;
    this.#phase = 'ringing';
    this.#browser.ringing(this.#agentName);
    this.#tellRinging();
  }

  #afterPbxAnswer(media: CallMedia, sdp: string, then: (answer: string) => void): void {
    media.acceptPbxAnswer(sdp).then(then, (error: unknown) => {
      this.#end(endReasonOf(error), 'gateway');
    });
  }

  #early(answerSdp: string): void {
    if (this.#phase !== 'dialing' && this.#phase !== 'ringing') return;
    this.#phase = 'ringing';
    this.#browser.earlyMedia(answerSdp, this.#agentName);
    this.#tellRinging();
  }

  #answered(answerSdp: string): void {
    if (this.#phase === 'ended' || this.#phase === 'answered') return;
    this.#phase = 'answered';
    this.#browser.answer(answerSdp, this.#agentName);
    if (this.#media) this.#watchPbx(this.#media);
    if (this.#claims) this.#deps.observer.answered(this.#claims.callId, this.#media?.codec);
  }

  #agentNamed(name: string): void {
    this.#agentName = name;
    if (this.#claims) this.#deps.observer.agent(this.#claims.callId, name);
    if (this.#phase === 'answered') this.#browser.update({ agentName: name });
  }

  /** The PBX's new SDP (its offer, or its answer to ours) may hold the call or take it back. */
  async #followHold<T>(media: CallMedia, apply: () => Promise<T>): Promise<T> {
    const wasHeld = media.held;
    const result = await apply();
    // The visitor hears silence or music on hold: the widget says why.
    if (media.held !== wasHeld && this.#phase === 'answered')
      this.#browser.update({ held: media.held });
    return result;
  }

  #tellRinging(): void {
    if (this.#ringingTold || !this.#claims) return;
    this.#ringingTold = true;
    this.#deps.observer.ringing(this.#claims.callId);
  }

  /** A leg ended: the call ends with it only when it is the one the visitor talks through. */
  #legEnded(leg: TrunkLeg, reason: CallEndReason): void {
    const transfer = this.#transfer;
    if (transfer?.leg === leg) return transfer.failed(reason);
    if (this.#leg !== leg) return; // a leg the call left: the PBX's BYE after a transfer
    // The PBX BYEs its leg once it has transferred the call: the visitor waits for the new one.
    if (transfer) return transfer.formerLegEnded();
    this.#end(reason, 'trunk');
  }

  // --- a blind transfer (the PBX's REFER) ------------------------------------------------

  async #transferRequested(leg: TrunkLeg, request: TransferRequest): Promise<void> {
    const answered = request.answered && this.#phase === 'answered';
    // A second REFER while one runs, or one from a leg the call left: refused, and no sign of
    // fraud (the target is checked, alerted on, only when a transfer could happen).
    if (this.#transfer || (answered && this.#leg !== leg)) {
      this.#deps.logger.warn({ callId: this.#claims?.callId }, 'REFER refused: not now');
      return request.refuse();
    }
    const { referTo } = request;
    const allowed = await this.#deps.checkTransfer({ claims: this.#claims, referTo, answered });
    const [claims, media] = [this.#claims, this.#media];
    // The call may have moved on while the allow-list answered.
    const still = this.#phase === 'answered' && this.#leg === leg && !this.#transfer;
    if (!allowed || !referTo.ok || !still || !claims || !media) return request.refuse();
    const sipCallId = `${claims.callId}.transfer${++this.#transfers}`;
    this.#transfer = new PendingTransfer({
      progress: request.accept(),
      media,
      place: (newLeg, sdpOffer) =>
        this.#deps.trunk.placeCall(
          trunkCallRequest(claims, this.#deps.routingHeaders, {
            target: referTo.uri,
            sdpOffer,
            sipCallId,
            queueHeaders: false,
            referredBy: request.referredBy,
          }),
          this.#trunkEvents(media, newLeg),
        ),
      transferred: (newLeg) => this.#transferred(media, newLeg),
      failed: (reason, formerLegEnded) => this.#transferFailed(media, reason, formerLegEnded),
    });
    // Silence from the first leg is expected now (held, or BYEd by the PBX).
    this.#stopPbxWatch();
    this.#browser.update({ transferring: true });
    this.#deps.logger.info({ callId: claims.callId, target: referTo.uri }, 'call transferring');
  }

  /** The new agent took the call: their leg carries it (the PBX BYEs the first one). */
  #transferred(media: CallMedia, leg: TrunkLeg): void {
    this.#transfer = undefined;
    this.#leg = leg;
    this.#agentName = leg.agentName;
    if (leg.agentName && this.#claims)
      this.#deps.observer.agent(this.#claims.callId, leg.agentName);
    this.#tellTalking();
    this.#watchPbx(media);
    this.#deps.logger.info({ callId: this.#claims?.callId }, 'call transferred');
  }

  /**
   * The transfer's call failed: the visitor is back with the first agent, or, when the PBX
   * already ended that leg, the call ends with the failure's reason (`busy`, `no_agent`...).
   */
  #transferFailed(media: CallMedia, reason: CallEndReason, formerLegEnded: boolean): void {
    this.#transfer = undefined;
    const log = { callId: this.#claims?.callId, reason: reason.code };
    this.#deps.logger.info(log, 'call transfer failed');
    if (formerLegEnded) return this.#end(reason, 'trunk');
    this.#tellTalking();
    this.#watchPbx(media);
  }

  /** The widget, ringing for a transfer, is talking again: to the agent named, held or not. */
  #tellTalking(): void {
    const name = this.#agentName;
    const held = this.#media?.held;
    this.#browser.update({
      transferring: false,
      ...(name ? { agentName: name } : {}),
      ...(held ? { held } : {}),
    });
  }

  // --- the browser's side ------------------------------------------------------------------

  browserCancelled(): void {
    this.#end({ code: 'visitor_hung_up', cause: 'browser_cancel' }, 'browser');
  }

  browserHungUp(): void {
    this.#end({ code: 'visitor_hung_up', cause: 'browser_bye' }, 'browser');
  }

  browserClosed(): void {
    this.#end({ code: 'visitor_hung_up', cause: 'websocket_closed' }, 'browser');
  }

  browserDigit(key: string): boolean {
    return this.#phase === 'answered' && (this.#media?.sendDtmf(key) ?? false);
  }

  browserAckTimeout(): void {
    this.#end(
      { code: 'media_failed', cause: 'no_ack', detail: 'no ACK from the browser' },
      'gateway',
    );
  }

  // --- the media's side --------------------------------------------------------------------

  #mediaFailed(reason: MediaEndReason): void {
    const code = reason === 'worker_lost' ? 'media_worker_lost' : 'media_failed';
    this.#end({ code, cause: reason }, 'gateway');
  }

  /** The agent's phone or the PBX may vanish without a BYE: its silence ends the call. */
  #watchPbx(media: CallMedia): void {
    this.#stopPbxWatch = watchPbxSilence({
      media,
      timeoutMs: this.#deps.pbxMediaTimeoutMs,
      onSilent: (silentMs) =>
        this.#end(
          {
            code: 'agent_lost',
            cause: 'pbx_media_timeout',
            detail: `no RTP or RTCP from the PBX for ${Math.round(silentMs / 1000)} s`,
          },
          'gateway',
        ),
    });
  }

  // --- the gateway's side ------------------------------------------------------------------

  /** The gateway ends the call itself (a drain ran out): both legs hear `reason`. */
  hangUp(reason: CallEndReason): void {
    this.#end(reason, 'gateway');
  }

  // --- the end, once -----------------------------------------------------------------------

  #end(reason: CallEndReason, origin: EndOrigin): void {
    if (this.#phase === 'ended') return;
    const endedIn = this.#phase;
    const answered = endedIn === 'answered';
    this.#phase = 'ended';
    // The call ended while a transfer rang: that call is hung up too.
    this.#transfer?.abandon();
    this.#transfer = undefined;
    if (origin !== 'trunk') this.#leg?.call?.hangUp();
    if (origin !== 'browser' && !this.#browser.closed) {
      if (answered) this.#browser.bye(reason);
      else this.#browser.refuse(reason);
    }
    this.#stopPbxWatch();
    this.#media?.close();
    // Sampled as the media closed: the figures of the whole call, to its last packet.
    const quality = this.#media?.quality();
    const callId = this.#claims?.callId;
    this.#deps.logger.info(
      {
        callId,
        reason: reason.code,
        cause: reason.cause,
        sipStatus: reason.sipStatus,
        detail: reason.detail,
        origin,
        phase: callPhaseOf[endedIn],
      },
      'call ended',
    );
    this.#reportCreated();
    this.#deps.observer.ended(callId, reason, this.#media?.codec, quality);
  }
}

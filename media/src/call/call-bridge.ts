import { endReasonOf } from '../../../protocol/call-end-reason.ts';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import type { CallPhase } from '../../../protocol/call-phase.ts';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import type { CallMedia, MediaEndReason, MediaEngine, VoiceCodecName } from '../media-engine.ts';
import type { ServiceLogger } from '../sip/core/sip-logger.ts';
import type { TrunkCall, TrunkCallEvents, TrunkClient } from '../sip/trunk/trunk-client.ts';
import type { BrowserLeg, BrowserLegEvents } from './browser-leg.ts';
import { CallTokenRefusal } from './call-token-refusal.ts';
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
  trunkCodecs: readonly VoiceCodecName[];
  /** No media from the PBX for this long after the answer, outside a hold: `agent_lost`. */
  pbxMediaTimeoutMs: number;
  /** SIP header names the routing data travels in toward the PBX. */
  routingHeaders: { intent: string; language: string; country: string; callId: string };
  logger: ServiceLogger;
  /** Told each step once; a throwing observer must not reach the bridge (fanOutObserver). */
  observer: CallObserver;
}

/**
 * Where a bridged call stands. In the protocol's words (protocol/call-phase.ts): verifying,
 * opening_media and dialing are `connecting`, ringing is `ringing`, answered is `talking`.
 *
 *   verifying --token ok--> opening_media --media open--> dialing --180, 183--> ringing
 *       |                        |                          |--200--> answered <--200--|
 *       +------------------------+--------------------------+------------+--------------+--> ended
 *   (bad token, unusable SDP, PBX failure, CANCEL, BYE either way, media failure, socket closed,
 *    no media from the PBX after the answer outside a hold: pbx-silence-watch.ts)
 *
 * "token ok": verified, and its queue one the API allows for its site (the toll-fraud guard).
 * The queue, display name and routing data come from the verified token's claims only.
 */
export type BridgePhase =
  'verifying' | 'opening_media' | 'dialing' | 'ringing' | 'answered' | 'ended';

/** The diagram above in the protocol's words: what the visitor sees in each phase. */
const callPhaseOf: Record<BridgePhase, CallPhase> = {
  verifying: 'connecting',
  opening_media: 'connecting',
  dialing: 'connecting',
  ringing: 'ringing',
  answered: 'talking',
  ended: 'ended',
};

type EndOrigin = 'browser' | 'trunk' | 'gateway';

/** One visitor's call, from the browser's INVITE to the end, bridged into a call to the queue. */
export class CallBridge implements BrowserLegEvents {
  readonly #deps: CallBridgeDeps;
  readonly #browser: BrowserLeg;
  #phase: BridgePhase = 'verifying';
  #claims: CallTokenClaims | undefined;
  #media: CallMedia | undefined;
  #trunkCall: TrunkCall | undefined;
  #agentName: string | undefined;
  #ringingTold = false;
  // Where set-up time goes (debug log): token check, media, then the INVITE out.
  readonly #marks = { received: performance.now(), verified: 0, media: 0 };
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
    this.#marks.verified = performance.now();
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
    this.#marks.media = performance.now();
    const { routingHeaders } = this.#deps;
    this.#trunkCall = this.#deps.trunk.placeCall(
      {
        callId: claims.callId,
        target: claims.queue.uri,
        callerDisplayName: `Web caller (${claims.routing.language}, ${claims.routing.country})`,
        headers: {
          ...claims.headers,
          [routingHeaders.intent]: claims.routing.intent,
          [routingHeaders.language]: claims.routing.language,
          [routingHeaders.country]: claims.routing.country,
          [routingHeaders.callId]: claims.callId,
        },
        sdpOffer: media.pbxOfferSdp,
      },
      this.#trunkEvents(media),
    );
    this.#logSetUpTime(claims.callId);
    this.#reportCreated();
  }

  // Reported once the INVITE is out (or when the call ends before that): its delivery to the
  // API (fetch, and the API's own work on these 2 cores) stays off the set-up path.
  #reportCreated(): void {
    if (this.#createdReported || !this.#claims) return;
    this.#createdReported = true;
    this.#deps.observer.created(this.#claims);
  }

  #trunkEvents(media: CallMedia): TrunkCallEvents {
    return {
      onRinging: () => this.#ringing(),
      onEarlyMedia: (sdp) => this.#afterPbxAnswer(media, sdp, (answer) => this.#early(answer)),
      onAnswered: (sdp) => this.#afterPbxAnswer(media, sdp, (answer) => this.#answered(answer)),
      onAgentName: (name) => this.#agentNamed(name),
      onReOffer: (sdp) => this.#followHold(media, () => media.answerPbxOffer(sdp)),
      onOfferWanted: () => Promise.resolve(media.newPbxOffer()),
      onReAnswer: async (sdp) => {
        await this.#followHold(media, () => media.acceptPbxAnswer(sdp));
      },
      onEnded: (reason) => this.#end(reason, 'trunk'),
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
    if (origin !== 'trunk') this.#trunkCall?.hangUp();
    if (origin !== 'browser' && !this.#browser.closed) {
      if (answered) this.#browser.bye(reason);
      else this.#browser.refuse(reason);
    }
    this.#stopPbxWatch();
    this.#media?.close();
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
    this.#deps.observer.ended(callId, reason, this.#media?.codec);
  }

  #logSetUpTime(callId: string): void {
    const ms = (from: number, to: number) => +(to - from).toFixed(2);
    const { received, verified, media } = this.#marks;
    this.#deps.logger.debug(
      {
        callId,
        tokenMs: ms(received, verified),
        mediaMs: ms(verified, media),
        inviteMs: ms(media, performance.now()),
      },
      'INVITE sent to the PBX',
    );
  }
}

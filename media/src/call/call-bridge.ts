import type { Core } from 'sip.js';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import type { CallUpdate } from '../../../protocol/call-update.ts';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import type { CallMedia, MediaEngine, VoiceCodecName } from '../media-engine.ts';
import type { BrowserConnection } from '../sip/browser/browser-connection.ts';
import type { ServiceLogger } from '../sip/core/sip-logger.ts';
import type { TrunkCall, TrunkClient } from '../sip/trunk/trunk-client.ts';
import { bearerToken, browserStatusFor, reasonHeader } from './browser-responses.ts';
import { dtmfRelaySignal } from './dtmf-relay.ts';
import { CallTokenRefusal, refusalReason } from './call-refusals.ts';
import type { CallObserver } from './call-observer.ts';

export interface CallBridgeDeps {
  engine: MediaEngine;
  trunk: TrunkClient;
  verifyToken(token: string | undefined): Promise<CallTokenClaims>;
  trunkCodecs: readonly VoiceCodecName[];
  /** SIP header names the routing data travels in toward the PBX. */
  routingHeaders: { intent: string; language: string; country: string; callId: string };
  logger: ServiceLogger;
  observer: CallObserver;
}

type Phase = 'verifying' | 'dialing' | 'early' | 'answered' | 'ended';

/**
 * One visitor's call, from the browser's INVITE to the end, bridged into a call to the queue.
 *
 *   verifying --token ok--> dialing --180/183--> early --200--> answered
 *       |                     |                    |              |
 *       +---------------------+--------------------+--------------+--> ended
 *   (bad token, no codec, PBX failure, CANCEL, BYE either way, media failure, socket closed)
 *
 * The queue, display name and routing data come from the verified token's claims only.
 */
export function bridgeBrowserCall(
  deps: CallBridgeDeps,
  invite: Core.IncomingInviteRequest,
  connection: BrowserConnection,
): void {
  let phase: Phase = 'verifying';
  let claims: CallTokenClaims | undefined;
  let media: CallMedia | undefined;
  let trunkCall: TrunkCall | undefined;
  let session: Core.Session | undefined;
  let agentName: string | undefined;
  const log = deps.logger;

  const end = (reason: CallEndReason, origin: 'browser' | 'trunk' | 'gateway') => {
    if (phase === 'ended') return;
    const answered = phase === 'answered';
    phase = 'ended';
    if (origin !== 'trunk') trunkCall?.hangUp();
    if (origin !== 'browser' && !connection.closed) {
      if (!answered)
        invite.reject({
          statusCode: browserStatusFor(reason),
          extraHeaders: [reasonHeader(reason)],
        });
      else session?.bye(undefined, { extraHeaders: [reasonHeader(reason)] });
    }
    media?.close();
    log.info(
      { callId: claims?.callId, reason: reason.code, sipStatus: reason.sipStatus, origin },
      'call ended',
    );
    deps.observer.ended(claims?.callId, reason, media?.codec);
  };
  const failSafely = (error: unknown) => end(refusalReason(error), 'gateway');

  invite.delegate = {
    onCancel: () => end({ code: 'visitor_hung_up', detail: 'CANCEL' }, 'browser'),
  };
  connection.onClose(() => end({ code: 'visitor_hung_up', detail: 'websocket closed' }, 'browser'));
  invite.trying();

  const agentHeaders = () =>
    agentName
      ? [
          `P-Asserted-Identity: "${agentName.replace(/["\\]/g, '')}" <sip:agent@click-to-call.invalid>`,
        ]
      : [];
  /** Tells the widget about a change during the call (protocol/call-update.ts) by SIP INFO. */
  const sendUpdate = (update: CallUpdate) => {
    if (phase !== 'answered' || !session) return;
    const content = JSON.stringify(update);
    session.info(undefined, {
      body: { contentDisposition: 'render', contentType: 'application/json', content },
    });
  };
  const sdpBody = (content: string) => ({
    contentDisposition: 'session',
    contentType: 'application/sdp',
    content,
  });

  // Where set-up time goes (debug log): token check, media, then the INVITE out.
  const marks = { received: performance.now(), verified: 0, media: 0 };
  const start = async () => {
    try {
      claims = await deps.verifyToken(bearerToken(invite.message.getHeader('Authorization')));
    } catch (error) {
      throw new CallTokenRefusal(error);
    }
    if (phase === 'ended') return;
    marks.verified = performance.now();
    const call = claims;
    log.info(
      { callId: call.callId, site: call.sub, queue: call.queue.displayName },
      'call starting',
    );
    deps.observer.created(call);
    media = await deps.engine.openCall({
      callId: call.callId,
      browserOfferSdp: invite.message.body,
      trunkCodecs: deps.trunkCodecs,
      onEnded: (mediaReason) => end({ code: 'media_failed', detail: mediaReason }, 'gateway'),
    });
    if (phase !== 'verifying') return media.close();
    phase = 'dialing';
    marks.media = performance.now();
    const callMedia = media;
    trunkCall = deps.trunk.placeCall(
      {
        callId: call.callId,
        target: call.queue.uri,
        callerDisplayName: `Web caller (${call.routing.language}, ${call.routing.country})`,
        headers: {
          ...call.headers,
          [deps.routingHeaders.intent]: call.routing.intent,
          [deps.routingHeaders.language]: call.routing.language,
          [deps.routingHeaders.country]: call.routing.country,
          [deps.routingHeaders.callId]: call.callId,
        },
        sdpOffer: callMedia.pbxOfferSdp,
      },
      {
        onRinging: () => {
          if (phase !== 'dialing') return;
          invite.progress({ statusCode: 180, extraHeaders: agentHeaders() });
          deps.observer.ringing(call.callId);
        },
        onEarlyMedia: (sdp) => {
          callMedia.acceptPbxAnswer(sdp).then((answer) => {
            if (phase !== 'dialing' && phase !== 'early') return;
            if (phase === 'dialing') deps.observer.ringing(call.callId);
            phase = 'early';
            invite.progress({
              statusCode: 183,
              body: sdpBody(answer),
              extraHeaders: agentHeaders(),
            });
          }, failSafely);
        },
        onAnswered: (sdp) => {
          callMedia.acceptPbxAnswer(sdp).then((answer) => {
            if (phase === 'ended' || phase === 'answered') return;
            phase = 'answered';
            session = invite.accept({
              statusCode: 200,
              body: sdpBody(answer),
              extraHeaders: agentHeaders(),
            }).session;
            session.delegate = {
              onBye: (bye) => {
                bye.accept();
                end({ code: 'visitor_hung_up', detail: 'BYE' }, 'browser');
              },
              // The browser's media stays as negotiated: re-offers (ICE restarts) are not supported yet.
              onInvite: (reInvite) => reInvite.reject({ statusCode: 488 }),
              onInfo: (info) => {
                const key = dtmfRelaySignal(
                  info.message.getHeader('Content-Type'),
                  info.message.body,
                );
                if (key === undefined) return void info.reject({ statusCode: 415 });
                // 488 tells the widget the contact center takes no keypad input on this call.
                if (callMedia.sendDtmf(key)) info.accept();
                else info.reject({ statusCode: 488 });
              },
              onAckTimeout: () =>
                end({ code: 'media_failed', detail: 'no ACK from the browser' }, 'gateway'),
            };
            deps.observer.answered(call.callId, callMedia.codec);
          }, failSafely);
        },
        onAgentName: (name) => {
          agentName = name;
          deps.observer.agent(call.callId, name);
          sendUpdate({ agentName: name });
        },
        onReOffer: async (sdp) => {
          const wasHeld = callMedia.held;
          const answer = await callMedia.answerPbxOffer(sdp);
          // The visitor hears silence or music on hold: the widget says why.
          if (callMedia.held !== wasHeld) sendUpdate({ held: callMedia.held });
          return answer;
        },
        onEnded: (reason) => end(reason, 'trunk'),
      },
    );
  };
  start()
    .then(() => {
      if (!claims) return;
      const ms = (from: number, to: number) => +(to - from).toFixed(2);
      const now = performance.now();
      log.debug(
        {
          callId: claims.callId,
          tokenMs: ms(marks.received, marks.verified),
          mediaMs: ms(marks.verified, marks.media),
          inviteMs: ms(marks.media, now),
        },
        'INVITE sent to the PBX',
      );
    })
    .catch(failSafely);
}

import {
  preciseNow,
  sendInvite,
  type InviteOptions,
  type InviteSession,
} from './sip-invite-session.ts';
import { openSipWs, type SipWsConnection } from './sip-ws-connection.ts';
import {
  createWebRtcAudioPeer,
  type AudioPeerStats,
  type WebRtcAudioPeer,
  type WebRtcAudioPeerOptions,
} from './webrtc-audio-peer.ts';

export interface WebCallOptions extends WebRtcAudioPeerOptions {
  gatewayUrl: string;
  /** The call token; undefined sends an INVITE without Authorization. */
  token: string | undefined;
  /** How the INVITE is addressed when not to the gateway (a SIP proxy routing by it). */
  invite?: Pick<InviteOptions, 'requestUri' | 'viaTransport'>;
  /** How long to talk once answered (audio both ways), then BYE. */
  talkMs?: number;
  /** Called once answered and media is connected (e.g. to count RTP elsewhere). */
  onTalking?: (call: ActiveWebCall) => void | Promise<void>;
  answerTimeoutMs?: number;
  /** Makes the call's peer: werift unless given (the bench's load uses pion callers). */
  createPeer?: (options: WebRtcAudioPeerOptions) => WebRtcAudioPeer;
}

export interface WebCallResult {
  /** The INVITE's final status (200 when answered). */
  status: number;
  /** The gateway's end code from its Reason header on a refusal, or on its BYE. */
  endCode: string | undefined;
  codec: string | undefined;
  /** The BYE we sent was answered with this status (answered calls we hung up). */
  byeStatus: number | undefined;
  packets: AudioPeerStats;
  sipCallId: string;
  /** Epoch ms (sub-ms precision): when the INVITE left, 180 and 200 arrived. */
  timings: {
    inviteSentAt: number;
    ringingAt: number | undefined;
    answeredAt: number | undefined;
    /** When the call ended (our BYE answered, the gateway's BYE, or the refusal). */
    endedAt: number;
  };
}

export interface ActiveWebCall {
  readonly peer: WebRtcAudioPeer;
  readonly invite: InviteSession;
  readonly connection: SipWsConnection;
}

/**
 * A whole visitor call the way the widget places it, with werift instead of a browser: SIP
 * over WebSocket, `Authorization: Bearer <token>`, audio both ways, then BYE.
 */
export async function placeWebCall(options: WebCallOptions): Promise<WebCallResult> {
  const createPeer = options.createPeer ?? createWebRtcAudioPeer;
  const peer = createPeer(options.onRtp ? { onRtp: options.onRtp } : {});
  const connection = await openSipWs(options.gatewayUrl);
  try {
    const invite = sendInvite(connection, {
      sdp: await peer.createOffer(),
      ...(options.token !== undefined ? { token: options.token } : {}),
      ...options.invite,
    });
    const answerTimeoutMs = options.answerTimeoutMs ?? 15_000;
    const final = await within(invite.final, answerTimeoutMs, 'a final answer to the INVITE');
    const result = (endCode: string | undefined, byeStatus?: number): WebCallResult => ({
      status: final.status,
      endCode,
      codec: peer.codec,
      byeStatus,
      packets: { ...peer.stats },
      sipCallId: invite.identity.callId,
      timings: {
        inviteSentAt: invite.sentAt,
        ringingAt: invite.provisional.find((p) => p.status === 180)?.at,
        answeredAt: final.status < 300 ? final.at : undefined,
        endedAt: preciseNow(),
      },
    });
    if (final.status >= 300 || !final.sdp) return result(final.endCode);

    await peer.acceptAnswer(final.sdp);
    await peer.connected();
    peer.startSending();
    await options.onTalking?.({ peer, invite, connection });
    const ended = await within(invite.remoteBye, options.talkMs ?? 1000).catch(() => undefined);
    await peer.stopSending();
    if (ended) return result(ended.endCode);
    const byeStatus = await within(invite.bye(), 5000, 'an answer to our BYE');
    return result(undefined, byeStatus);
  } finally {
    await peer.close();
    connection.close();
  }
}

/** `promise`, or a rejection after `ms` (the timer is cleared either way). */
function within<T>(promise: Promise<T>, ms: number, what = 'it'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export { preciseNow };

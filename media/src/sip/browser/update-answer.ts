import { Core } from 'sip.js';
import { parseSessionExpires } from '../trunk/session-timer.ts';

/** The session as negotiated by the INVITE: the browser's offer and the answer we gave. */
export interface NegotiatedSession {
  offerSdp: string;
  answerSdp: string;
}

/** RFC 3264 8: an offer whose o= line (session id and version) is unchanged changes nothing. */
const originOf = (sdp: string) => /^o=(.*)$/m.exec(sdp)?.[1]?.trim();

/**
 * Our answer to an UPDATE in the browser's call (RFC 3311), most often a session refresh
 * (RFC 4028: JsSIP refreshes by UPDATE every half interval, with or without SDP).
 *
 * - Without SDP: 200. With an SDP that changes nothing: 200 with our answer again (RFC 3264
 *   8: the same version, so the browser's media stays as it is).
 * - With an SDP that changes the session (an ICE restart, new codecs): 488, as for a
 *   re-INVITE. The browser's media cannot be renegotiated mid-call yet, and RFC 3311 5.2
 *   leaves the session as it was after a refused UPDATE. (491 would be wrong: it means both
 *   sides offered at once, and the gateway never offers to the browser.)
 *
 * Session timer: the browser refreshes (refresher=uac) and we confirm the interval with
 * `Require: timer` (RFC 4028 9), so it keeps refreshing. We never refresh toward a browser
 * (our WebSocket pings already find a browser that is gone): when it asks us to
 * (refresher=uas) or does not support timers, the 200 carries no Session-Expires, which
 * leaves the session without a timer (RFC 4028 7.2).
 */
export function answerUpdate(
  update: Core.IncomingRequestMessage,
  dialog: Core.Session,
  session: NegotiatedSession,
): Core.ResponseOptions | undefined {
  // Not this dialog's, or the dialog is over: undefined, which the connection answers 481.
  const ours =
    update.callId === dialog.callId &&
    update.toTag === dialog.localTag &&
    update.fromTag === dialog.remoteTag;
  if (!ours || dialog.sessionState === Core.SessionState.Terminated) return undefined;
  const hasSdp = update.body.length > 0;
  if (hasSdp && originOf(update.body) !== originOf(session.offerSdp)) return { statusCode: 488 };
  const requested = parseSessionExpires(update.getHeader('session-expires'));
  const timerSupported = /(^|,)\s*timer\s*(,|$)/i.test(update.getHeader('supported') ?? '');
  const extraHeaders =
    requested && requested.refresher !== 'uas' && timerSupported
      ? [`Session-Expires: ${requested.seconds};refresher=uac`, 'Require: timer']
      : [];
  if (!hasSdp) return { statusCode: 200, extraHeaders };
  return {
    statusCode: 200,
    extraHeaders,
    body: {
      contentDisposition: 'session',
      contentType: 'application/sdp',
      content: session.answerSdp,
    },
  };
}

import { sendInvite, type InviteSession } from './sip-invite-session.ts';
import { openSipWs } from './sip-ws-connection.ts';
import { createWebRtcAudioPeer, type WebRtcAudioPeer } from './webrtc-audio-peer.ts';

/**
 * A visitor's call that stays up until the test hangs up or the gateway does, talking (440 Hz)
 * all along: for tests that act on the gateway in the middle of calls.
 */
export interface HeldWebCall {
  readonly peer: WebRtcAudioPeer;
  readonly invite: InviteSession;
  /** When the 200 arrived (epoch ms). */
  readonly answeredAt: number;
  /** Settles when the gateway hangs up, with its end code. */
  readonly remoteBye: InviteSession['remoteBye'];
  /** Resolves once `packets` more RTP packets have come from the gateway than so far. */
  hears(packets: number, timeoutMs?: number): Promise<void>;
  /** Our BYE; resolves with its final status. */
  hangUp(): Promise<number>;
  close(): Promise<void>;
}

/** Places a call with `token` and resolves once it is answered and its audio connected. */
export async function holdWebCall(options: {
  gatewayUrl: string;
  token: string;
}): Promise<HeldWebCall> {
  let received = 0;
  const waiting: { until: number; resolve: () => void }[] = [];
  const peer = createWebRtcAudioPeer({
    onRtp: () => {
      received += 1;
      for (const waiter of waiting.filter((w) => received >= w.until)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
  });
  const connection = await openSipWs(options.gatewayUrl);
  const close = async () => {
    await peer.close();
    connection.close();
  };
  try {
    const invite = sendInvite(connection, { sdp: await peer.createOffer(), token: options.token });
    const final = await invite.final;
    if (final.status !== 200 || !final.sdp) {
      throw new Error(`the call was not answered: ${final.status} ${final.endCode ?? ''}`);
    }
    await peer.acceptAnswer(final.sdp);
    await peer.connected();
    peer.startSending();
    return {
      peer,
      invite,
      answeredAt: final.at,
      remoteBye: invite.remoteBye,
      hears(packets, timeoutMs = 20_000) {
        return new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`fewer than ${packets} packets within ${timeoutMs} ms`)),
            timeoutMs,
          );
          waiting.push({
            until: received + packets,
            resolve: () => {
              clearTimeout(timer);
              resolve();
            },
          });
        });
      },
      hangUp: () => invite.bye(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

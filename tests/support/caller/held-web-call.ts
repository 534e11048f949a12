import { packetCount } from '../media/packet-count.ts';
import { sendInvite, type InviteSession } from './sip-invite-session.ts';
import { openSipWs } from './sip-ws-connection.ts';
import {
  createWebRtcAudioPeer,
  type WebRtcAudioPeer,
  type WebRtcAudioPeerOptions,
} from './webrtc-audio-peer.ts';

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
  /** To watch each packet (payload tags, send and arrival times). */
  peer?: WebRtcAudioPeerOptions;
}): Promise<HeldWebCall> {
  const received = packetCount();
  const peer = createWebRtcAudioPeer({
    ...options.peer,
    onRtp: (packet) => {
      options.peer?.onRtp?.(packet);
      received.add();
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
      hears: (packets, timeoutMs) => received.more(packets, timeoutMs),
      hangUp: () => invite.bye(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

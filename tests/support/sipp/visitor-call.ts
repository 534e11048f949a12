import { waitFor } from '../../../infra/rig/wait.ts';
import { requestCallGrant, type CallGrantOptions } from '../caller/api-call-grant.ts';
import {
  sendInvite,
  type FinalResponse,
  type InviteSession,
} from '../caller/sip-invite-session.ts';
import { openSipWs } from '../caller/sip-ws-connection.ts';
import { createWebRtcAudioPeer, type WebRtcAudioPeer } from '../caller/webrtc-audio-peer.ts';
import { packetCount } from '../media/packet-count.ts';

/**
 * A visitor's call as the widget places it (a grant from the API, then SIP over WebSocket with
 * a WebRTC peer talking all along), that can take the gateway's early media before the answer.
 */
export interface VisitorCall {
  readonly invite: InviteSession;
  readonly peer: WebRtcAudioPeer;
  /** Connects the audio to the gateway's early media (its 183 with SDP), once that came. */
  earlyMedia(timeoutMs?: number): Promise<void>;
  /** Waits for the 200 and connects the audio (unless early media did). */
  answered(): Promise<FinalResponse>;
  /** Resolves once `packets` more RTP packets have come from the gateway than so far. */
  hears(packets: number, timeoutMs?: number): Promise<void>;
  /** Payload types of the packets heard: the codecs the gateway forwarded. */
  readonly heardPayloadTypes: ReadonlySet<number>;
  /** The gateway's update that first says `agentName` (INFO during the call). */
  toldAgent(agentName: string, timeoutMs?: number): Promise<void>;
  /** Our BYE; resolves with its final status. */
  hangUp(): Promise<number>;
  close(): Promise<void>;
}

export async function placeVisitorCall(
  stack: { apiUrl: string; gatewayUrl: string },
  /** What the visitor asks the API for, e.g. with its connection test. */
  request: Omit<CallGrantOptions, 'apiUrl'> = {},
): Promise<VisitorCall> {
  const grant = await requestCallGrant({ ...request, apiUrl: stack.apiUrl });
  const heard = packetCount();
  const heardPayloadTypes = new Set<number>();
  const peer = createWebRtcAudioPeer({
    onRtp: (rtp) => {
      heardPayloadTypes.add(rtp.header.payloadType);
      heard.add();
    },
  });
  const connection = await openSipWs(stack.gatewayUrl);
  const invite = sendInvite(connection, { sdp: await peer.createOffer(), token: grant.callToken });
  let media: Promise<void> | undefined;
  const connect = (sdp: string) =>
    (media ??= (async () => {
      await peer.acceptAnswer(sdp);
      await peer.connected();
      peer.startSending();
    })());
  return {
    invite,
    peer,
    async earlyMedia(timeoutMs = 10_000) {
      const early = await waitFor(() => invite.provisional.find((p) => p.sdp), {
        timeoutMs,
        what: 'a 183 with SDP from the gateway',
      });
      await connect(early.sdp ?? '');
    },
    async answered() {
      const final = await invite.final;
      if (final.status !== 200 || !final.sdp)
        throw new Error(`the call was not answered: ${final.status} ${final.endCode ?? ''}`);
      await connect(final.sdp);
      return final;
    },
    hears: (packets, timeoutMs) => heard.more(packets, timeoutMs),
    heardPayloadTypes,
    async toldAgent(agentName, timeoutMs = 10_000) {
      await waitFor(() => invite.updates.some((update) => update.agentName === agentName), {
        timeoutMs,
        what: `the gateway telling the visitor "${agentName}"`,
      });
    },
    hangUp: () => invite.bye(),
    async close() {
      await peer.close();
      connection.close();
    },
  };
}

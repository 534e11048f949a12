// The seam between the SIP layer and the media engine, as SIP.js's SessionDescriptionHandler
// is: SIP code hands SDP over and gets SDP back, and never touches mediasoup.

import type { QualityFigures } from '../../protocol/api/call-event.ts';
import type { VoiceCodecName } from '../../protocol/voice-codecs.ts';

export { voiceCodecNames, type VoiceCodecName } from '../../protocol/voice-codecs.ts';

/**
 * Why a call's media ended on its own. `rtp_timeout`: no RTP from the browser for too long
 * once it had its answer. `worker_lost`: the media process carrying the call died (the
 * gateway replaces it; the other processes' calls go on). Silence from the PBX is not one:
 * whether media is due from it is the call's to say (CallMedia.pbxBytesReceived).
 */
export type MediaEndReason =
  'ice_failed' | 'dtls_failed' | 'rtp_timeout' | 'transport_failed' | 'worker_lost';

export interface OpenCallOptions {
  callId: string;
  /** The browser's WebRTC SDP offer from its INVITE. */
  browserOfferSdp: string;
  /** Codecs the trunk allows, best first; offered to the PBX where the browser offered them. */
  trunkCodecs: readonly VoiceCodecName[];
  /** Told once when media fails by itself (ICE/DTLS failure, no RTP for too long). */
  onEnded: (reason: MediaEndReason) => void;
}

export interface CallMedia {
  /** Plain RTP offer for the INVITE toward the PBX. */
  readonly pbxOfferSdp: string;
  /**
   * Applies the PBX's answer (from a 183, the 200, or the ACK to an offer of ours in a 2xx)
   * and returns the answer for the browser. Once the legs carry a codec, an answer naming
   * another is refused (sdp_no_common_codec): nothing is ever transcoded.
   */
  acceptPbxAnswer(sdp: string): Promise<string>;
  /** A re-INVITE offer from the PBX (hold, resume, new media address): returns our answer. */
  answerPbxOffer(sdp: string): Promise<string>;
  /**
   * A new offer for the PBX, when it asks for one (a re-INVITE without SDP, RFC 3261 14.2) or
   * we refresh the session (RFC 4028): the codec the legs carry and its events, sendrecv; the
   * first offer again before that. `keepDirection` (a refresh, which changes nothing): the
   * direction the PBX last set instead, so a held call stays held. Its o= version moves only
   * when it differs from the last SDP sent (RFC 3264 8).
   */
  newPbxOffer(options?: { keepDirection?: boolean }): string;
  /**
   * Plays DTMF keys to the PBX as RFC 4733 events; false when the PBX takes no events or a
   * key is not a DTMF key.
   */
  sendDtmf(keys: string): boolean;
  /**
   * Bytes that reached the PBX-facing ports so far, RTP and RTCP alike (as rtpengine's
   * --timeout counts them): a sign the PBX is still there. One round trip to the media
   * process; rejects once the call's media is closed.
   */
  pbxBytesReceived(): Promise<number>;
  /**
   * The call's audio quality so far, as the gateway received it both ways (loss, jitter,
   * round trip, estimated MOS); after close(), that of its last moment, and then it never
   * rejects. Undefined before the legs carried audio, or when the media process is gone.
   */
  quality(): Promise<QualityFigures | undefined>;
  /** True while the PBX holds the call (its SDP says sendonly or inactive). */
  readonly held: boolean;
  /** The voice codec both legs use, once the PBX has answered. */
  readonly codec: VoiceCodecName | undefined;
  /** Closes every transport, producer and consumer of the call. Idempotent. */
  close(): void;
}

export interface MediaEngine {
  openCall(options: OpenCallOptions): Promise<CallMedia>;
}

// The connection test rides the same engine but no SIP: the gateway's HTTP route hands the
// browser's data-channel offer over and gets the answer back.

/** Why a connection test's transport closed by itself. */
export type ConnectionTestEndReason =
  'browser_closed' | 'time_limit' | 'transport_failed' | 'router_closed';

export interface OpenConnectionTestOptions {
  /** The browser's WebRTC offer with its data channel (`m=application`). */
  browserOfferSdp: string;
  /** Negotiated SCTP stream id the browser sends its probes on. */
  probeChannelId: number;
  /** Everything is closed after this long, whatever the browser does. */
  maxLifetimeMs: number;
  /** Told once when the test's transport closed by itself (not after close()). */
  onEnded: (reason: ConnectionTestEndReason) => void;
}

/** One connection test: a transport that sends every probe straight back. */
export interface ConnectionTestEcho {
  /** The SDP answer for the browser. */
  readonly answerSdp: string;
  /** SCTP stream id the echoes come back on. */
  readonly echoChannelId: number;
  /** Closes the transport and everything in it. Idempotent. */
  close(): void;
}

export interface ConnectionTestEngine {
  openConnectionTest(options: OpenConnectionTestOptions): Promise<ConnectionTestEcho>;
}

import { z } from 'zod';

/** Largest SDP offer the gateway reads: a browser's data-channel offer is about 1 KB. */
export const connectionTestOfferMaxBytes = 16 * 1024;

/**
 * POST {testUrl} (Authorization: Bearer <probe token>): the browser's WebRTC offer, with its
 * probe data channel (`m=application ... webrtc-datachannel`), gathered completely (the
 * gateway is ICE lite and takes no trickled candidates).
 */
export const ConnectionTestOfferSchema = z.strictObject({
  sdp: z.string().min(1).max(connectionTestOfferMaxBytes),
});
export type ConnectionTestOffer = z.infer<typeof ConnectionTestOfferSchema>;

/** The gateway's answer: where the probes' echoes come back. */
export const ConnectionTestAnswerSchema = z.strictObject({
  sdp: z.string(),
  /**
   * SCTP stream id of the negotiated channel the gateway echoes on. The browser sends its
   * probes on channel id `connectionTestProbeChannelId`; the echo may share that id.
   */
  echoChannelId: z.int().min(0).max(65534),
});
export type ConnectionTestAnswer = z.infer<typeof ConnectionTestAnswerSchema>;

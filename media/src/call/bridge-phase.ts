import type { CallPhase } from '../../../protocol/call-phase.ts';

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
 *
 * A blind transfer (the PBX's REFER, RFC 5589) keeps the call `answered` while a new PBX leg
 * rings toward the REFER's target, a queue the site allows (the widget rings again):
 *   leg A talking --REFER, allowed: 202--> A and B (B ringing) --B's 200--> B talking (A: BYE)
 *                                                 \--B fails--> back to A, or ended if A is gone
 */
export type BridgePhase =
  'verifying' | 'opening_media' | 'dialing' | 'ringing' | 'answered' | 'ended';

/** The diagram above in the protocol's words: what the visitor sees in each phase. */
export const callPhaseOf: Record<BridgePhase, CallPhase> = {
  verifying: 'connecting',
  opening_media: 'connecting',
  dialing: 'connecting',
  ringing: 'ringing',
  answered: 'talking',
  ended: 'ended',
};

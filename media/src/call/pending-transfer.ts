import { endReasonOf } from '../../../protocol/call-end-reason.ts';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import type { CallMedia } from '../media-engine.ts';
import type { TransferProgress } from '../sip/trunk/call-transfer.ts';
import type { TrunkCall } from '../sip/trunk/trunk-client.ts';

/** A PBX leg of a call: the first INVITE's, or a transfer's. */
export interface TrunkLeg {
  call?: TrunkCall;
  /** The agent's name on this leg, kept while a transfer's leg rings. */
  agentName?: string;
}

export interface PendingTransferOptions {
  /** The implicit subscription of the accepted REFER (call-transfer.ts). */
  progress: TransferProgress;
  media: CallMedia;
  /** Places the new leg's call with `sdpOffer`, the bridge listening to it. */
  place(leg: TrunkLeg, sdpOffer: string): TrunkCall;
  /** The new agent answered, and the audio goes to their phone. */
  transferred(leg: TrunkLeg): void;
  /** The new call failed; `formerLegEnded` when the PBX had already ended the first leg. */
  failed(reason: CallEndReason, formerLegEnded: boolean): void;
}

/** The status a NOTIFY gives the PBX for a transfer's call that failed with `reason`. */
function transferFailureStatus(reason: CallEndReason): number {
  if (reason.sipStatus !== undefined && reason.sipStatus >= 300) return reason.sipStatus;
  return reason.code === 'timeout' ? 408 : 503;
}

/**
 * One blind transfer under way (RFC 5589 6), from the REFER's 202 to the new call's outcome,
 * settled once: its new leg rings toward the target with a fresh offer from the same media;
 * its answer moves the audio there (NOTIFY 200); its failure (NOTIFY with its status) or the
 * call's end first (487) leaves the media where it was.
 *
 *   ringing --the new leg's 200, audio moved--> transferred
 *      \--the new leg fails, or its answer is unusable--> failed
 *      \--abandon() (the call ended)--> abandoned
 */
export class PendingTransfer {
  readonly leg: TrunkLeg = {};
  readonly #o: PendingTransferOptions;
  #formerLegEnded = false;
  #settled = false;

  constructor(options: PendingTransferOptions) {
    this.#o = options;
    this.leg.call = options.place(this.leg, options.media.newPbxOffer());
  }

  /** The PBX ended the first leg (its BYE after the REFER): nothing to go back to. */
  formerLegEnded(): void {
    this.#formerLegEnded = true;
  }

  answered(sdp: string): void {
    if (this.#settled) return;
    this.#o.media.acceptPbxAnswer(sdp).then(
      () => {
        if (this.#settle(200)) this.#o.transferred(this.leg);
      },
      (error: unknown) => this.failed(endReasonOf(error)),
    );
  }

  failed(reason: CallEndReason): void {
    if (!this.#settle(transferFailureStatus(reason))) return;
    this.leg.call?.hangUp();
    this.#o.failed(reason, this.#formerLegEnded);
  }

  /** The call ended while the new leg rang: it is hung up, and the PBX hears 487. */
  abandon(): void {
    if (this.#settle(487)) this.leg.call?.hangUp();
  }

  /** Tells the PBX the outcome once; false when it was told already. */
  #settle(status: number): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#o.progress.final(status);
    return true;
  }
}

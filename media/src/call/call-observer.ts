import type { QualityFigures } from '../../../protocol/api/call-event.ts';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';

/** Watches calls for records and metrics; the bridge tells it each step once. */
export interface CallObserver {
  created(claims: CallTokenClaims): void;
  ringing(callId: string): void;
  answered(callId: string, codec: string | undefined): void;
  agent(callId: string, name: string): void;
  /**
   * `callId` is unknown when the call ended before its token was verified. `quality`: the
   * audio's figures as the media measured them to the end (settles once the media process
   * answered, never rejects); absent when the call had no media.
   */
  ended(
    callId: string | undefined,
    reason: CallEndReason,
    codec: string | undefined,
    quality?: Promise<QualityFigures | undefined>,
  ): void;
}

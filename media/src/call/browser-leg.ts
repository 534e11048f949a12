import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import type { CallUpdate } from '../../../protocol/call-update.ts';

/**
 * The visitor's side of a call as the bridge sees it: what it can say to the browser. The SIP
 * over WebSocket details (statuses, Reason headers, INFO bodies) stay in `sip-browser-leg.ts`,
 * so the bridge's races can be tested with a fake (media/src/call/call-bridge.test.ts).
 */
export interface BrowserLeg {
  /** The RFC 8898 bearer token of the INVITE, if it carried a well-formed one. */
  readonly bearerToken: string | undefined;
  /** The browser's WebRTC offer. */
  readonly offerSdp: string;
  /** The WebSocket is gone: nothing more can be said. */
  readonly closed: boolean;
  /** 100 Trying: the INVITE is being worked on. */
  trying(): void;
  /** 180: the agent's phone rings. */
  ringing(agentName: string | undefined): void;
  /** 183 with our answer: the PBX's early media (ringback, announcements) plays. */
  earlyMedia(answerSdp: string, agentName: string | undefined): void;
  /** 200 with our answer: the agent took the call. */
  answer(answerSdp: string, agentName: string | undefined): void;
  /** A final failure before the answer, with the reason's status and Reason header. */
  refuse(reason: CallEndReason): void;
  /** BYE after the answer, with the Reason header. */
  bye(reason: CallEndReason): void;
  /** A change during the answered call (agent name, hold), by SIP INFO. */
  update(update: CallUpdate): void;
}

/** What the browser does that the bridge must hear about. */
export interface BrowserLegEvents {
  /** CANCEL before the answer. */
  browserCancelled(): void;
  /** BYE after the answer. */
  browserHungUp(): void;
  /** The WebSocket closed, from either side. */
  browserClosed(): void;
  /** A keypad key; false when the contact center takes no keypad input on this call. */
  browserDigit(key: string): boolean;
  /** Our 200 was never ACKed. */
  browserAckTimeout(): void;
}

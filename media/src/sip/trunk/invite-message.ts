import type { OutgoingRequestMessage, URI, UserAgentCore } from 'sip.js/lib/core/index.js';
import { sdpBody } from './call-events.ts';
import { withoutControlChars } from './display-text.ts';

export interface InviteParams {
  target: URI;
  from: URI;
  callId: string;
  cseq: number;
  fromTag: string;
  callerDisplayName: string;
  contact: string;
  sessionExpiresS: number;
  minSessionExpiresS: number;
  /** Validated routing header lines. */
  headerLines: string[];
  sdpOffer: string;
}

/**
 * The INVITE toward the queue. Supported: the core's option tags (timer), and 100rel, which
 * only the INVITE needs: the call PRACKs reliable provisional responses (RFC 3262).
 */
export function inviteMessage(core: UserAgentCore, p: InviteParams): OutgoingRequestMessage {
  return core.makeOutgoingRequestMessage(
    'INVITE',
    p.target,
    p.from,
    p.target,
    {
      callId: p.callId,
      cseq: p.cseq,
      fromTag: p.fromTag,
      fromDisplayName: displayName(p.callerDisplayName),
      optionTags: [...core.configuration.supportedOptionTags, '100rel'],
    },
    [
      `Contact: ${p.contact}`,
      'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE',
      `Session-Expires: ${p.sessionExpiresS}`,
      `Min-SE: ${p.minSessionExpiresS}`,
      ...p.headerLines,
    ],
    sdpBody(p.sdpOffer),
  );
}

/** A display name safe inside quotes: no control characters, quotes or backslashes. */
export function displayName(name: string): string {
  return withoutControlChars(name).replace(/["\\]/g, '').slice(0, 80).trim() || 'Visitor';
}

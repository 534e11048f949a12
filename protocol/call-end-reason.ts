// Why a call ended: the one table. The gateway refuses or ends the browser's call with the
// table's SIP status and an RFC 3326 Reason header naming the code; the widget reads the code
// back (or, without a Reason header, classifies the status the same way) and shows the
// sentence its catalogs keep under that code; the call record and the metrics keep the code.
// Plain data, no zod: the widget's call chunk imports this file.

/** How a call ended, as the call record keeps it and the gateway signals it. */
export const callEndCodes = [
  /** The visitor hung up (before or after the answer). */
  'visitor_hung_up',
  /** The agent (or the PBX on their behalf) ended the call. */
  'agent_hung_up',
  /**
   * The agent's side vanished without a BYE: no media from the PBX for
   * MEDIA_PBX_MEDIA_TIMEOUT_MS while the call was not on hold, or the PBX lost the dialog
   * (its session timer ran out, a refresh got 408 or 481). Their phone or the PBX is gone.
   */
  'agent_lost',
  /** Nobody staffs the queue now (SIP 404, 410, 480). */
  'no_agent',
  /** Every agent is busy and the queue refuses more calls (486, 600). */
  'busy',
  /** The contact center declined the call (403, 603). */
  'declined',
  /** Nobody answered in time (408, 487 after our ring timeout). */
  'timeout',
  /** The contact center cannot be reached at all (no route, no answer to SIP, 502-504). */
  'trunk_unreachable',
  /** The contact center answered with an error we did not expect. */
  'trunk_error',
  /**
   * The contact center's PBX (or a proxy before it) asked the gateway to authenticate (401,
   * 407) and refused its credentials, or the gateway holds none for the call's site: the
   * administrator's trunk credentials (MEDIA_TRUNK_CREDENTIALS_FILE) need fixing.
   */
  'trunk_auth_failed',
  /** Audio stopped: ICE or DTLS failed, or no audio for too long. */
  'media_failed',
  /** The call token was missing, invalid, expired or already used. */
  'unauthorized',
  /** The browser and the trunk share no codec, or an SDP was unusable (415, 488, 606). */
  'incompatible',
  /** The gateway failed; the call could not go on. */
  'gateway_error',
  /** The media process carrying the call died; the gateway replaces it and keeps serving. */
  'media_worker_lost',
  /**
   * The gateway is shutting down for maintenance: it takes no new call, and a call still
   * live when its drain timeout passes (or on a forced stop) is ended.
   */
  'gateway_draining',
] as const;
export type CallEndCode = (typeof callEndCodes)[number];

/**
 * Ways a call step fails in the browser before the gateway has a say; never on the wire and
 * never in a call record, but shown with a sentence like the others.
 */
export const widgetCallEndCodes = [
  /** The browser refused the microphone when the call asked for it. */
  'microphone_blocked',
  /** No microphone to call with. */
  'microphone_missing',
  /** The API refused another call for now (HTTP 429: too many calls from this visitor). */
  'too_many_calls',
  /** The gateway's WebSocket could not be opened: nothing was placed. */
  'gateway_unreachable',
  /**
   * The gateway's WebSocket dropped once the call was placed: the visitor's network went, or
   * the gateway did (a lost machine); the widget cannot tell which. The one code of these a
   * call record can hold: the API ends the record of a call whose gateway process is gone
   * with it, and one of `inferredEndCauses` says which way it went.
   */
  'connection_lost',
] as const;
export type WidgetCallEndCode = (typeof widgetCallEndCodes)[number];

/**
 * Why the API itself ended a call's record, `connection_lost`, when the gateway process
 * carrying the call could no longer report its end (killed, out of memory, machine lost).
 * The end is the API's inference, stamped when the API learned it; media's own `ended`, if
 * it still comes (a node that was only cut off), replaces it.
 */
export const inferredEndCauses = [
  /** The call's node announced itself under a new boot id: its process restarted. */
  'gateway_restarted',
  /** The call's node has not announced itself for API_GATEWAY_LOST_AFTER_MS. */
  'gateway_lost',
] as const;
export type InferredEndCause = (typeof inferredEndCauses)[number];

/** Every code the visitor can be shown for a call. */
export type VisitorCallEndCode = CallEndCode | WidgetCallEndCode;

export interface CallEndReason {
  code: CallEndCode;
  /** The SIP status that ended the call, when one did (the PBX's own, or ours). */
  sipStatus?: number;
  /**
   * A stable, short label for metrics and logs: what classified the failure where it happened
   * (`token_expired`, `sdp_no_audio`, `sip_486`, `invite_timeout`...). Bounded set, no data.
   */
  cause?: string;
  /** A short technical reason for logs and supervisors (never shown raw to the visitor). */
  detail?: string;
}

/**
 * An error that knows how the call it broke ends (livekit-sip's ClassifyInvite habit): the
 * code the visitor reads, the SIP status and the metric label are decided where it is thrown.
 */
export interface CallEndingError extends Error {
  readonly endReason: CallEndReason;
}

export function isCallEndingError(error: unknown): error is CallEndingError {
  return (
    error instanceof Error && typeof (error as Partial<CallEndingError>).endReason === 'object'
  );
}

/**
 * Token refusals that are our fault, not the visitor's: a token for another gateway node (the
 * widget dialled the node the API chose and a proxy took it elsewhere), or a gateway that
 * could not check the token's target yet (it holds no dial targets from the API).
 */
const ourSideTokenRefusals: ReadonlySet<string> = new Set([
  'token_wrong_node',
  'token_target_unverified',
]);

/**
 * How a call token the gateway refuses (a `token_*` code of media-token-verification.ts) ends
 * the call for the visitor: `unauthorized` (a token naming a target its site does not allow,
 * the toll-fraud guard, is one), or `gateway_error` for our side's refusals above, so they
 * read that something went wrong on our side, not that their call link expired.
 */
export function callEndCodeForTokenRefusal(tokenCode: string): CallEndCode {
  return ourSideTokenRefusals.has(tokenCode) ? 'gateway_error' : 'unauthorized';
}

/**
 * The SIP status a refused call token ends the INVITE with: 403, but 503 when the gateway
 * could not check the token's target yet: nothing is wrong with the token, calling again may
 * pass, and the flood limits do not hold a 503 against the visitor's address.
 */
export function sipStatusForTokenRefusal(tokenCode: string): number {
  return tokenCode === 'token_target_unverified' ? 503 : 403;
}

/** What any failure means for the call: its own classification, else a gateway error. */
export function endReasonOf(error: unknown): CallEndReason {
  if (isCallEndingError(error)) return error.endReason;
  return {
    code: 'gateway_error',
    cause: 'unexpected_error',
    detail: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'unknown',
  };
}

/**
 * The status a browser's INVITE is refused with when a code ends it before the answer (the
 * PBX's own failure status wins, so the browser sees what the PBX said).
 */
const refusalStatusFor: Record<CallEndCode, number> = {
  visitor_hung_up: 487,
  agent_hung_up: 480,
  agent_lost: 480,
  no_agent: 480,
  busy: 486,
  declined: 603,
  timeout: 408,
  trunk_unreachable: 503,
  trunk_error: 502,
  // Our configuration, not the visitor's doing: a status the flood limits do not count.
  trunk_auth_failed: 502,
  media_failed: 500,
  unauthorized: 403,
  incompatible: 488,
  gateway_error: 500,
  media_worker_lost: 500,
  // Temporarily unable (RFC 3261 21.5.4): calling again reaches a gateway that is serving.
  gateway_draining: 503,
};

/** Final SIP failure statuses and what they mean for the visitor, where it is not trunk_error. */
const codeForSipStatus: Readonly<Record<number, CallEndCode>> = {
  401: 'trunk_auth_failed',
  403: 'declined',
  404: 'no_agent',
  407: 'trunk_auth_failed',
  408: 'timeout',
  410: 'no_agent',
  415: 'incompatible',
  480: 'no_agent',
  486: 'busy',
  487: 'timeout', // the PBX confirming our CANCEL after the ring timeout
  488: 'incompatible',
  502: 'trunk_unreachable',
  503: 'trunk_unreachable',
  504: 'trunk_unreachable',
  600: 'busy',
  603: 'declined',
  606: 'incompatible',
};

/** How a final SIP failure status reads for the visitor. */
export function callEndCodeForSipStatus(status: number): CallEndCode {
  return codeForSipStatus[status] ?? 'trunk_error';
}

/** The status the browser's INVITE is refused with for `reason`. */
export function refusalStatus(reason: Pick<CallEndReason, 'code' | 'sipStatus'>): number {
  const status = reason.sipStatus;
  // The PBX's challenge is not the browser's to answer: a 401 or 407 is never passed on.
  const challenge = status === 401 || status === 407;
  return status !== undefined && status >= 400 && status <= 699 && !challenge
    ? status
    : refusalStatusFor[reason.code];
}

/** An RFC 3326 Reason header value carrying the end code as its text. */
export function reasonHeaderValue(reason: Pick<CallEndReason, 'code' | 'sipStatus'>): string {
  return `SIP;cause=${refusalStatus(reason)};text="${reason.code}"`;
}

/**
 * The end code of a refusal or BYE: the Reason header's text when it names one of ours (the
 * gateway always sends it), else the status classified like any SIP failure, else `fallback`.
 */
export function callEndCodeFrom(
  reasonHeader: string | undefined,
  status: number | undefined,
  fallback: CallEndCode,
): CallEndCode {
  const text = /text="([a-z_]+)"/.exec(reasonHeader ?? '')?.[1];
  if ((callEndCodes as readonly string[]).includes(text ?? '')) return text as CallEndCode;
  return status !== undefined && status >= 300 ? callEndCodeForSipStatus(status) : fallback;
}

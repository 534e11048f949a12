// Small named errors with a stable `code`, so the call bridge and the logs can tell a bad
// header (our caller's bug) from a trunk that cannot be reached (an operations problem).

/** An extra header for the INVITE that would corrupt or inject into the SIP message. */
export class InvalidTrunkHeaderError extends Error {
  readonly code = 'trunk_header_invalid';
  override readonly name = 'InvalidTrunkHeaderError';
}

/** The trunk could not be reached over the transport (refused, reset, unreachable). */
export class TrunkUnreachableError extends Error {
  readonly code = 'trunk_unreachable';
  override readonly name = 'TrunkUnreachableError';
}

/** The trunk client was closed; no call can be placed through it any more. */
export class TrunkClosedError extends Error {
  readonly code = 'trunk_closed';
  override readonly name = 'TrunkClosedError';
}

import type { CallEndingError, CallEndReason } from '../../../../protocol/call-end-reason.ts';

// Small named errors with a stable `code`, each knowing how the call it broke ends, so the
// call bridge and the logs can tell a bad header (our caller's bug) from a trunk that cannot
// be reached (an operations problem).

/** An extra header for the INVITE that would corrupt or inject into the SIP message. */
export class InvalidTrunkHeaderError extends Error implements CallEndingError {
  readonly code = 'trunk_header_invalid';
  override readonly name = 'InvalidTrunkHeaderError';

  get endReason(): CallEndReason {
    return { code: 'gateway_error', cause: this.code, detail: this.message };
  }
}

/** The trunk could not be reached over the transport (refused, reset, unreachable). */
export class TrunkUnreachableError extends Error implements CallEndingError {
  readonly code = 'trunk_unreachable';
  override readonly name = 'TrunkUnreachableError';

  get endReason(): CallEndReason {
    return { code: 'trunk_unreachable', cause: this.code, detail: this.message.slice(0, 200) };
  }
}

/** The call's target or id cannot go into a SIP request (the token's claims are at fault). */
export class InvalidTrunkTargetError extends Error implements CallEndingError {
  readonly code = 'trunk_target_invalid';
  override readonly name = 'InvalidTrunkTargetError';

  get endReason(): CallEndReason {
    return { code: 'gateway_error', cause: this.code, detail: this.message };
  }
}

/** An ACK without the answer to the offer our 2xx made: the PBX broke offer/answer. */
export class PbxAnswerMissingError extends Error implements CallEndingError {
  readonly code = 'pbx_no_sdp';
  override readonly name = 'PbxAnswerMissingError';

  constructor() {
    super('ACK without the SDP answer to our offer');
  }

  get endReason(): CallEndReason {
    return { code: 'incompatible', sipStatus: 488, cause: this.code, detail: this.message };
  }
}

/**
 * The trunk's TLS certificate was refused (not signed by a trusted CA, another name, expired):
 * the trunk is unreachable for us until the operator fixes the certificate or the CA file.
 * The message names the problem (OpenSSL's code) for the administrator's log.
 */
export class TrunkCertificateError extends Error implements CallEndingError {
  readonly code = 'trunk_tls_certificate';
  override readonly name = 'TrunkCertificateError';

  get endReason(): CallEndReason {
    return { code: 'trunk_unreachable', cause: this.code, detail: this.message.slice(0, 200) };
  }
}

import {
  callEndCodeForTokenRefusal,
  sipStatusForTokenRefusal,
  type CallEndingError,
  type CallEndReason,
} from '../../../protocol/call-end-reason.ts';

/**
 * The token check failed (the verifier's, or the toll-fraud guard's on the token's target):
 * the attempt ends with the contract's status and reason for the check's code (403 and
 * `unauthorized` mostly; call-end-reason.ts says which are ours) and that code as its cause.
 */
export class CallTokenRefusal extends Error implements CallEndingError {
  readonly endReason: CallEndReason;

  constructor(cause: unknown) {
    super('call token refused');
    this.name = 'CallTokenRefusal';
    const code = (cause as { code?: unknown } | undefined)?.code;
    const tokenCode =
      typeof code === 'string' && /^token_[a-z_]+$/.test(code) ? code : 'token_invalid';
    this.endReason = {
      code: callEndCodeForTokenRefusal(tokenCode),
      sipStatus: sipStatusForTokenRefusal(tokenCode),
      cause: tokenCode,
    };
  }
}

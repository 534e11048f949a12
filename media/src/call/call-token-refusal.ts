import {
  callEndCodeForTokenRefusal,
  type CallEndingError,
  type CallEndReason,
} from '../../../protocol/call-end-reason.ts';

/**
 * The token check failed: the attempt ends with 403 and the verifier's code as its cause;
 * the visitor's reason is the contract's (`unauthorized`, or `gateway_error` for a token
 * bound to another gateway node).
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
      sipStatus: 403,
      cause: tokenCode,
    };
  }
}

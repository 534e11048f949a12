import type { CallEndingError, CallEndReason } from '../../../protocol/call-end-reason.ts';

/** The token check failed: the attempt ends as `unauthorized` (403) with the verifier's code. */
export class CallTokenRefusal extends Error implements CallEndingError {
  readonly endReason: CallEndReason;

  constructor(cause: unknown) {
    super('call token refused');
    this.name = 'CallTokenRefusal';
    const code = (cause as { code?: unknown } | undefined)?.code;
    const tokenCode =
      typeof code === 'string' && /^token_[a-z_]+$/.test(code) ? code : 'token_invalid';
    this.endReason = { code: 'unauthorized', sipStatus: 403, cause: tokenCode };
  }
}

import type { CallEndReason } from '../../../protocol/call-end-reason.ts';

/** The token check failed: the attempt ends as `unauthorized` with the verifier's code. */
export class CallTokenRefusal extends Error {
  readonly detail: string;

  constructor(cause: unknown) {
    super('call token refused');
    this.name = 'CallTokenRefusal';
    const code = (cause as { code?: unknown } | undefined)?.code;
    this.detail = typeof code === 'string' ? code : 'token_invalid';
  }
}

/** What the visitor is told when setting a call up failed inside the gateway. */
export function refusalReason(error: unknown): CallEndReason {
  if (error instanceof CallTokenRefusal)
    return { code: 'unauthorized', sipStatus: 403, detail: error.detail };
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('sdp_'))
    return { code: 'incompatible', sipStatus: 488, detail: code };
  return {
    code: 'gateway_error',
    sipStatus: 500,
    detail: error instanceof Error ? error.name : 'unknown',
  };
}

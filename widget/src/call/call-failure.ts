import type { VisitorCallEndCode } from '../../../protocol/call-end-reason.ts';
import { VisitorApiError } from '../api/visitor-api.ts';

/** A call step that failed in the browser, classified where it happened. */
export class CallFailure extends Error {
  readonly code: VisitorCallEndCode;

  constructor(code: VisitorCallEndCode, options?: { cause?: unknown }) {
    super(code, options);
    this.name = 'CallFailure';
    this.code = code;
  }
}

/**
 * The journey moved on while the call was being asked for (the team closed meanwhile: the
 * callback form shows instead), so the call screen stays quiet.
 */
export class CallNotPlaced extends Error {
  constructor() {
    super('the journey moved on before the call');
    this.name = 'CallNotPlaced';
  }
}

/** getUserMedia's refusals, by the DOMException names browsers use. */
export function microphoneFailure(error: unknown): CallFailure | undefined {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return new CallFailure('microphone_blocked', { cause: error });
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return new CallFailure('microphone_missing', { cause: error });
  return undefined;
}

/**
 * What the visitor is told when placing the call failed; undefined when nothing should be
 * said (the journey moved on). An unclassified failure is ours: `gateway_error`.
 */
export function callFailureCode(error: unknown): VisitorCallEndCode | undefined {
  if (error instanceof CallNotPlaced) return undefined;
  if (error instanceof CallFailure) return error.code;
  if (error instanceof VisitorApiError) {
    if (error.status === 429) return 'too_many_calls';
    if (error.status === 401) return 'unauthorized';
    return 'gateway_error';
  }
  return microphoneFailure(error)?.code ?? 'gateway_error';
}

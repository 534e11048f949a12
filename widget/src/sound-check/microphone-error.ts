/** Why the sound check cannot use a microphone: the journey shows its own screen for each. */
export type MicrophoneProblem = 'denied' | 'missing';

/** getUserMedia refused: `kind` says whether the visitor (or a policy) said no, or no device fits. */
export class MicrophoneError extends Error {
  readonly code: 'MICROPHONE_DENIED' | 'MICROPHONE_MISSING';
  readonly kind: MicrophoneProblem;

  constructor(kind: MicrophoneProblem, cause: unknown) {
    super(kind === 'denied' ? 'microphone access denied' : 'no microphone available', { cause });
    this.name = 'MicrophoneError';
    this.kind = kind;
    this.code = kind === 'denied' ? 'MICROPHONE_DENIED' : 'MICROPHONE_MISSING';
  }
}

/**
 * Sorts getUserMedia's rejections. NotAllowedError is the visitor's (or the embedding page's
 * Permissions-Policy) refusal, SecurityError an insecure or sandboxed page; NotFoundError means
 * no microphone at all, OverconstrainedError that the chosen one is gone. Anything else (a
 * microphone busy in another app, NotReadableError) may pass on retry: undefined.
 */
export function microphoneProblemOf(error: unknown): MicrophoneProblem | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return undefined;
}

/**
 * Why a sign-in through the provider was refused: a stable `code` for the log and the audit
 * log, and a message the supervisor reads on the sign-in page.
 */
export class SignInRefused extends Error {
  readonly code: string;
  /** Who was refused, when known (the provider's user after its token checked out). */
  readonly actor: string | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown; actor?: string }) {
    super(message, options);
    this.name = 'SignInRefused';
    this.code = code;
    this.actor = options?.actor;
  }
}

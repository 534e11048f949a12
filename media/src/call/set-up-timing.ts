/** Where a call's set-up time goes (a debug log line): token check, media, then the INVITE. */
export class SetUpTiming {
  readonly #received = performance.now();
  #verified = 0;
  #media = 0;

  tokenVerified(): void {
    this.#verified = performance.now();
  }

  mediaOpened(): void {
    this.#media = performance.now();
  }

  /** Milliseconds per step, once the INVITE is out. */
  split(): { tokenMs: number; mediaMs: number; inviteMs: number } {
    const ms = (from: number, to: number) => +(to - from).toFixed(2);
    return {
      tokenMs: ms(this.#received, this.#verified),
      mediaMs: ms(this.#verified, this.#media),
      inviteMs: ms(this.#media, performance.now()),
    };
  }
}

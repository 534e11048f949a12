/**
 * The o= version of each SDP the gateway sends the PBX in one session, offers and answers
 * alike (RFC 3264 8): one more than the previous SDP's when anything in it changed, the same
 * when nothing did, for then the SDP must be identical to the one sent with that version. A
 * session refresh that only repeats the session keeps its version: a PBX reading a new version
 * as a media change may reopen its ports or reset its jitter buffer mid-call.
 */
export class SdpSessionVersion {
  #version = 0;
  #last: string | undefined;

  /** The SDP `write` makes with the right version (`write` is called with a candidate). */
  stamp(write: (version: number) => string): string {
    if (this.#last !== undefined && write(this.#version) === this.#last) return this.#last;
    this.#version += 1;
    this.#last = write(this.#version);
    return this.#last;
  }
}

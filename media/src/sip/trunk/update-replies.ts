import type {
  IncomingRequestMessage,
  ResponseOptions,
  UserAgentCore,
} from 'sip.js/lib/core/index.js';

/**
 * Answers a call's UPDATEs (RFC 3311) statelessly, since sip.js's core has no UPDATE: a
 * retransmission gets the same answer again, an older request none. Kept per dialog (the
 * PBX's tag), so an early dialog's CSeq carries on once it is confirmed.
 */
export class UpdateReplies {
  readonly #core: UserAgentCore;
  readonly #last = new Map<string, { cseq: number; response: ResponseOptions | undefined }>();

  constructor(core: UserAgentCore) {
    this.#core = core;
  }

  /** Answers `message` with what `answer` decides, unless it is a retransmission. */
  async reply(
    message: IncomingRequestMessage,
    answer: () => Promise<ResponseOptions>,
  ): Promise<void> {
    const last = this.#last.get(message.fromTag);
    if (last && message.cseq <= last.cseq) {
      // Still being worked on (no response yet): the PBX retransmits again later.
      if (last.response && message.cseq === last.cseq)
        this.#core.replyStateless(message, last.response);
      return;
    }
    this.#last.set(message.fromTag, { cseq: message.cseq, response: undefined });
    const response = await answer();
    this.#last.set(message.fromTag, { cseq: message.cseq, response });
    this.#core.replyStateless(message, response);
  }
}

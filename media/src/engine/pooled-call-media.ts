import type { QualityFigures } from '../../../protocol/api/call-event.ts';
import type { CallMedia, VoiceCodecName } from '../media-engine.ts';

/** A call's media as the worker pool hands it out: closing it also frees its worker's slot. */
export class PooledCallMedia implements CallMedia {
  readonly #media: CallMedia;
  readonly #release: () => void;

  constructor(media: CallMedia, release: () => void) {
    this.#media = media;
    this.#release = release;
  }

  get pbxOfferSdp(): string {
    return this.#media.pbxOfferSdp;
  }

  get held(): boolean {
    return this.#media.held;
  }

  get codec(): VoiceCodecName | undefined {
    return this.#media.codec;
  }

  acceptPbxAnswer(sdp: string): Promise<string> {
    return this.#media.acceptPbxAnswer(sdp);
  }

  answerPbxOffer(sdp: string): Promise<string> {
    return this.#media.answerPbxOffer(sdp);
  }

  newPbxOffer(options?: { keepDirection?: boolean }): string {
    return this.#media.newPbxOffer(options);
  }

  pbxBytesReceived(): Promise<number> {
    return this.#media.pbxBytesReceived();
  }

  quality(): Promise<QualityFigures | undefined> {
    return this.#media.quality();
  }

  sendDtmf(keys: string): boolean {
    return this.#media.sendDtmf(keys);
  }

  close(): void {
    this.#media.close();
    this.#release();
  }
}

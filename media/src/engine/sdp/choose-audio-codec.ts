import type { VoiceCodecName } from '../../media-engine.ts';
import type { OfferedCodec } from './browser-offer.ts';
import { SdpError } from './sdp-error.ts';

export interface ChosenAudioCodecs {
  voice: OfferedCodec;
  /**
   * More voice codecs the browser offered that the PBX may switch to (it answered them too,
   * RFC 3264 5.1): the browser is answered with them after `voice`, which it sends, so it
   * decodes whichever the PBX sends.
   */
  otherVoices?: OfferedCodec[];
  /** RFC 4733 events at the voice codec's clock rate, when the browser offered them. */
  telephoneEvent?: OfferedCodec;
}

/**
 * Picks the voice codec for the browser leg: the first of `preference` (the codec the PBX
 * leg settled on, or the trunk's order) that the browser offered, so that no transcoding
 * is ever needed.
 */
export function chooseAudioCodec(
  offered: OfferedCodec[],
  preference: readonly VoiceCodecName[],
  /** The clock of the events the PBX takes; the voice codec's by default. */
  telephoneEventClockRate?: number,
): ChosenAudioCodecs {
  for (const name of preference) {
    const voice = offered.find(
      (codec) => codec.mimeType.toLowerCase() === `audio/${name.toLowerCase()}`,
    );
    if (!voice) continue;
    // G.722's RTP clock is 8000 although it samples at 16 kHz (RFC 3551), and so is its DTMF.
    const telephoneEvent = offered.find(
      (codec) =>
        codec.mimeType.toLowerCase() === 'audio/telephone-event' &&
        codec.clockRate === (telephoneEventClockRate ?? voice.clockRate),
    );
    return telephoneEvent ? { voice, telephoneEvent } : { voice };
  }
  throw new SdpError(
    'sdp_no_common_codec',
    `the browser offered none of ${preference.join(', ')} (offered: ${offered.map((codec) => codec.mimeType).join(', ')})`,
  );
}

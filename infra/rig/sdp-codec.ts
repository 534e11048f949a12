import { parse } from 'sdp-transform';

export interface NegotiatedCodec {
  /** As written in the rtpmap: opus, G722, PCMU, PCMA. */
  name: string;
  payloadType: number;
  /** RTP clock rate as signalled (G722 says 8000 for historical reasons, RFC 3551). */
  clockRate: number;
}

// Not audio codecs: DTMF events, comfort noise, redundancy wrappers.
const NOT_A_CODEC = new Set(['telephone-event', 'cn', 'red']);

// Static payload types an SDP may use without an rtpmap line (RFC 3551).
const STATIC_TYPES: Record<number, { name: string; clockRate: number }> = {
  0: { name: 'PCMU', clockRate: 8000 },
  8: { name: 'PCMA', clockRate: 8000 },
  9: { name: 'G722', clockRate: 8000 },
};

/**
 * The codec an SDP answer selected for audio: the first payload type of its first active audio
 * m-line that is a real codec. In an answer, that is the one both sides will send.
 */
export function answeredAudioCodec(sdp: string): NegotiatedCodec | undefined {
  const session = parse(sdp);
  const audio = session.media.find((m) => m.type === 'audio' && m.port !== 0);
  if (!audio) return undefined;
  const payloads = String(audio.payloads ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  for (const payloadType of payloads) {
    const rtp = audio.rtp.find((r) => r.payload === payloadType);
    const known = rtp
      ? { name: rtp.codec, clockRate: rtp.rate ?? 8000 }
      : STATIC_TYPES[payloadType];
    if (known && !NOT_A_CODEC.has(known.name.toLowerCase())) return { payloadType, ...known };
  }
  return undefined;
}

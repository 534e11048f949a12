import alawmulaw from 'alawmulaw';
import { sineTone } from '../../../infra/rig/tone.ts';

/** What one 20 ms packet of a codec carries, and how far its RTP timestamp advances. */
export interface PayloadSource {
  /** RTP clock ticks per 20 ms packet. */
  ticks: number;
  next(): Buffer;
}

// Opus: a real 20 ms CELT frame (TOC 0xf8: fullband, 20 ms, mono) that decoders read as
// silence. Encoding a tone would need libopus; the tests that listen for a tone use G.711.
const opusSilence = Buffer.from([0xf8, 0xff, 0xfe]);

/** A tone as G.711 (any length of the cycle repeats cleanly at 8 kHz for whole-Hz tones). */
function g711Tone(law: 'PCMU' | 'PCMA', hz: number): PayloadSource {
  const samples = sineTone({ hz, seconds: 1, sampleRate: 8000, amplitude: 0.5 });
  const pcm = Int16Array.from(samples, (sample) => Math.round(sample * 32767));
  const encoded = law === 'PCMU' ? alawmulaw.mulaw.encode(pcm) : alawmulaw.alaw.encode(pcm);
  let offset = 0;
  return {
    ticks: 160,
    next() {
      const frame = Buffer.from(encoded.subarray(offset, offset + 160));
      offset = (offset + 160) % encoded.length;
      return frame;
    },
  };
}

/**
 * The payloads the caller sends for the codec the gateway answered with: a tone for G.711,
 * valid silence for Opus, and for G.722 (64 kbit/s, 160 bytes per 20 ms, RTP clock 8 kHz by
 * RFC 3551's historical quirk) a constant byte pattern: it decodes to noise, not a tone.
 */
export function payloadSourceFor(codec: string, hz = 440): PayloadSource {
  switch (codec.toLowerCase()) {
    case 'pcmu':
      return g711Tone('PCMU', hz);
    case 'pcma':
      return g711Tone('PCMA', hz);
    case 'g722':
      return { ticks: 160, next: () => Buffer.alloc(160, 0xfa) };
    case 'opus':
      return { ticks: 960, next: () => opusSilence };
    default:
      throw new Error(`the test caller cannot send ${codec}`);
  }
}

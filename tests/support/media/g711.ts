import alawmulaw from 'alawmulaw';
import type { RtpPacket } from 'werift';
import type { PcmAudio } from '../../../infra/rig/tone.ts';

/** Decodes the G.711 payloads of RTP packets (in sequence order) into PCM for tone checks. */
export function decodeG711(packets: RtpPacket[], law: 'PCMU' | 'PCMA'): PcmAudio {
  const ordered = [...packets].sort((a, b) => a.header.sequenceNumber - b.header.sequenceNumber);
  const codec = law === 'PCMU' ? alawmulaw.mulaw : alawmulaw.alaw;
  const pcm = ordered.flatMap((packet) => Array.from(codec.decode(new Uint8Array(packet.payload))));
  return {
    sampleRate: 8000,
    channels: 1,
    samples: Float32Array.from(pcm, (sample) => sample / 32768),
  };
}

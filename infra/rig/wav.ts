import { readFile } from 'node:fs/promises';

/** PCM audio mixed down to mono, samples in [-1, 1). */
export interface PcmAudio {
  sampleRate: number;
  /** Channels of the file it came from (the samples are their average). */
  channels: number;
  samples: Float32Array;
}

const HEADER_BYTES = 44;

/** A canonical 44-byte-header WAV: PCM S16LE, the format baresip's aufile reads. */
export function encodeWav(samples: Float32Array, sampleRate: number, channels = 1): Buffer {
  const frames = samples.length;
  const dataBytes = frames * channels * 2;
  const buf = Buffer.alloc(HEADER_BYTES + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * channels * 2, 28);
  buf.writeUInt16LE(channels * 2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  let offset = HEADER_BYTES;
  for (let i = 0; i < frames; i += 1) {
    const value = Math.max(-32768, Math.min(32767, Math.round((samples[i] ?? 0) * 32767)));
    for (let c = 0; c < channels; c += 1) {
      buf.writeInt16LE(value, offset);
      offset += 2;
    }
  }
  return buf;
}

export class WavFormatError extends Error {
  readonly code = 'WAV_FORMAT';
}

/**
 * Reads PCM S16LE WAV (mono or stereo, any chunk layout). A file whose writer has not
 * finalised the header yet (data size 0 or past the end) is read up to the end of the file.
 */
export function decodeWav(buf: Buffer): PcmAudio {
  if (
    buf.length < 12 ||
    buf.toString('ascii', 0, 4) !== 'RIFF' ||
    buf.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    throw new WavFormatError('not a RIFF/WAVE file');
  }
  let sampleRate = 0;
  let channels = 0;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      const format = buf.readUInt16LE(body);
      channels = buf.readUInt16LE(body + 2);
      sampleRate = buf.readUInt32LE(body + 4);
      const bits = buf.readUInt16LE(body + 14);
      // 0xfffe (extensible) carries PCM too; anything else (float, A-law) is not read here.
      if ((format !== 1 && format !== 0xfffe) || bits !== 16) {
        throw new WavFormatError(`only 16-bit PCM is supported (format ${format}, ${bits} bits)`);
      }
    } else if (id === 'data') {
      if (!channels) throw new WavFormatError('data chunk before fmt chunk');
      const end = size === 0 || body + size > buf.length ? buf.length : body + size;
      const frames = Math.floor((end - body) / (2 * channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i += 1) {
        let sum = 0;
        for (let c = 0; c < channels; c += 1) sum += buf.readInt16LE(body + (i * channels + c) * 2);
        samples[i] = sum / channels / 32768;
      }
      return { sampleRate, channels, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new WavFormatError('no data chunk');
}

export async function readWav(path: string): Promise<PcmAudio> {
  return decodeWav(await readFile(path));
}

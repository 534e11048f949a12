import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyseTone,
  decodeWav,
  encodeWav,
  hasTone,
  readWav,
  sineTone,
  toneRatio,
  writeToneWav,
} from '../../infra/rig/tone.ts';

// The Goertzel check every audio assertion in the call tests relies on: it must say yes to the
// tone that was sent and no to anything else, or those tests prove nothing.
describe('tone WAV writer and Goertzel detector', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rig-tone-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a 440 Hz WAV that is detected at 440 Hz and not at 1000 Hz', async () => {
    const path = await writeToneWav(join(dir, 'a440.wav'), { hz: 440, seconds: 2 });
    const audio = await readWav(path);
    expect(audio).toMatchObject({ sampleRate: 48_000, channels: 1 });
    expect(audio.samples.length).toBe(96_000);
    expect(toneRatio(audio, 440)).toBeGreaterThan(0.95);
    expect(toneRatio(audio, 1000)).toBeLessThan(0.05);
    expect(hasTone(audio, 440)).toBe(true);
    expect(hasTone(audio, 1000)).toBe(false);
  });

  it('does not find a tone in silence', async () => {
    const path = join(dir, 'silence.wav');
    await writeToneWav(path, { hz: 440, seconds: 2, amplitude: 0 });
    const audio = await readWav(path);
    expect(hasTone(audio, 440)).toBe(false);
    expect(analyseTone(audio, 440).rms).toBe(0);
  });

  it('finds a tone after seconds of silence, at telephone rates, in stereo', () => {
    const rate = 8_000;
    const tone = sineTone({ hz: 1000, seconds: 1.5, sampleRate: rate, amplitude: 0.3 });
    const samples = new Float32Array(rate * 4 + tone.length);
    samples.set(tone, rate * 4);
    const audio = decodeWav(encodeWav(samples, rate, 2));
    expect(audio.channels).toBe(2);
    const analysis = analyseTone(audio, 1000);
    expect(analysis.ratio).toBeGreaterThan(0.9);
    expect(analysis.startSeconds).toBeGreaterThanOrEqual(3.9);
    expect(hasTone(audio, 440)).toBe(false);
  });

  it('does not mistake noise for a tone, nor a neighbouring tone', () => {
    const rate = 16_000;
    const noise = new Float32Array(rate * 2).map(() => (Math.random() * 2 - 1) * 0.3);
    const noisy = { sampleRate: rate, channels: 1, samples: noise };
    expect(hasTone(noisy, 440)).toBe(false);
    expect(hasTone(noisy, 1000)).toBe(false);
    const near = {
      sampleRate: rate,
      channels: 1,
      samples: sineTone({ hz: 600, seconds: 2, sampleRate: rate }),
    };
    expect(hasTone(near, 440)).toBe(false);
    expect(hasTone(near, 600)).toBe(true);
  });

  it('reads a WAV whose writer has not finalised the data size yet', () => {
    const wav = encodeWav(sineTone({ hz: 440, seconds: 1, sampleRate: 8_000 }), 8_000);
    wav.writeUInt32LE(0, 40); // as libsndfile leaves it while still recording
    const audio = decodeWav(wav);
    expect(audio.samples.length).toBe(8_000);
    expect(hasTone(audio, 440)).toBe(true);
  });
});

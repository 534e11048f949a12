import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from './wav.ts';
import type { PcmAudio } from './wav.ts';

export { readWav, decodeWav, encodeWav } from './wav.ts';
export type { PcmAudio } from './wav.ts';

export interface ToneOptions {
  hz: number;
  seconds: number;
  /** 48000 by default: baresip resamples its source to the codec's rate from this. */
  sampleRate?: number;
  /** Peak amplitude, 0..1 (0.5 by default: loud, and no clipping through any codec). */
  amplitude?: number;
  channels?: number;
}

export function sineTone(options: ToneOptions): Float32Array {
  const sampleRate = options.sampleRate ?? 48_000;
  const amplitude = options.amplitude ?? 0.5;
  const samples = new Float32Array(Math.round(options.seconds * sampleRate));
  const step = (2 * Math.PI * options.hz) / sampleRate;
  for (let i = 0; i < samples.length; i += 1) samples[i] = amplitude * Math.sin(step * i);
  return samples;
}

/** Writes a PCM S16LE sine-tone WAV and returns its path. */
export async function writeToneWav(path: string, options: ToneOptions): Promise<string> {
  const sampleRate = options.sampleRate ?? 48_000;
  await writeFile(path, encodeWav(sineTone(options), sampleRate, options.channels ?? 1));
  return path;
}

/**
 * The tone's WAV from a cache every run on this machine shares (in the temp directory),
 * written the first time it is asked for: the agents' ten-minute tone is 58 MB, which took
 * seconds to compute and write again for each stack a test file starts. Written under another
 * name and renamed, so a reader never sees half a file.
 */
export async function cachedToneWav(options: ToneOptions): Promise<string> {
  const dir = join(tmpdir(), 'ctc-tone-cache');
  const { hz, seconds, sampleRate = 48_000, amplitude = 0.5, channels = 1 } = options;
  const path = join(dir, `${hz}hz-${seconds}s-${sampleRate}-${amplitude}-${channels}ch.wav`);
  if (existsSync(path)) return path;
  await mkdir(dir, { recursive: true });
  const partial = `${path}.${randomUUID()}.partial`;
  await writeToneWav(partial, options);
  await rename(partial, path);
  return path;
}

/** Energy of `samples[start, start+length)` at `hz` (Goertzel) and in total. */
export function goertzel(
  samples: Float32Array,
  start: number,
  length: number,
  sampleRate: number,
  hz: number,
) {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (let i = start; i < start + length; i += 1) {
    const x = samples[i] ?? 0;
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  // By Parseval a pure on-bin sine puts N*energy/2 into each of its two (±hz) bins: 2*power/(N*energy) = 1.
  return { power, energy };
}

export interface ToneAnalysis {
  /** Share of the loudest stretch's power at `hz`, 0..1 (a clean tone gives about 1). */
  ratio: number;
  /** RMS of the loudest stretch, 0..1 full scale. */
  rms: number;
  /** Where the loudest stretch starts, in seconds. */
  startSeconds: number;
}

/** Below this RMS (about -60 dBFS) a stretch counts as silence: no tone, whatever its spectrum. */
export const SILENCE_RMS = 0.001;
/** A tone that made it through a codec scores above 0.9; another tone or noise, near 0. */
export const TONE_THRESHOLD = 0.5;

/**
 * Looks at the loudest ~1 s of the recording (calls start with silence, and may end with it)
 * in windows of a whole number of periods of `hz` (about 100 ms), so an on-frequency tone
 * does not leak into neighbouring bins.
 */
export function analyseTone(audio: PcmAudio, hz: number, stretchSeconds = 1): ToneAnalysis {
  const { samples, sampleRate } = audio;
  const periods = Math.max(1, Math.round(hz * 0.1));
  const windowLength = Math.max(1, Math.round((periods * sampleRate) / hz));
  const windowCount = Math.floor(samples.length / windowLength);
  if (windowCount === 0 || hz <= 0 || hz >= sampleRate / 2)
    return { ratio: 0, rms: 0, startSeconds: 0 };

  const windows = Array.from({ length: windowCount }, (_, w) =>
    goertzel(samples, w * windowLength, windowLength, sampleRate, hz),
  );
  const span = Math.min(
    windowCount,
    Math.max(1, Math.round((stretchSeconds * sampleRate) / windowLength)),
  );
  let best = 0;
  let bestEnergy = -1;
  let running = 0;
  for (let w = 0; w < windowCount; w += 1) {
    running += windows[w]?.energy ?? 0;
    if (w >= span) running -= windows[w - span]?.energy ?? 0;
    if (w >= span - 1 && running > bestEnergy) {
      bestEnergy = running;
      best = w - span + 1;
    }
  }
  const stretch = windows.slice(best, best + span);
  const energy = stretch.reduce((sum, w) => sum + w.energy, 0);
  const power = stretch.reduce((sum, w) => sum + w.power, 0);
  const rms = Math.sqrt(energy / (span * windowLength));
  const ratio = rms < SILENCE_RMS ? 0 : Math.min(1, (2 * power) / (windowLength * energy));
  return { ratio, rms, startSeconds: (best * windowLength) / sampleRate };
}

/** Relative power of `hz` vs total power in the loudest stretch, 0..1. */
export function toneRatio(audio: PcmAudio, hz: number): number {
  return analyseTone(audio, hz).ratio;
}

export function hasTone(audio: PcmAudio, hz: number, threshold = TONE_THRESHOLD): boolean {
  return toneRatio(audio, hz) >= threshold;
}

// Loaded only when the visitor presses Record (dynamic import): opus-recorder and its WAV
// worker stay out of the widget's first screen. The clip is made and kept in the browser.
import Recorder from 'opus-recorder';
// The WAV worker (about 2 KB gzipped), not the Opus encoder (180 KB): the clip never leaves
// the browser, so it needs no compression. `no-inline`: an AudioWorklet module must be a
// same-origin file, never a data: URL.
import waveWorkerUrl from 'opus-recorder/dist/waveWorker.min.js?url&no-inline';
import { inputLevel } from './input-level.ts';
import { MicrophoneError, microphoneProblemOf } from './microphone-error.ts';

export interface RecordClipOptions {
  /**
   * The audio context to record in, made in the Record click (Safari starts audio only from
   * a user gesture, and the permission prompt comes in between); closed when done.
   */
  context?: AudioContext;
  /** The microphone to record (a deviceId); the browser's default when empty. */
  microphoneId?: string;
  /** How long to record once the microphone is open; 3 s by default. */
  durationMs?: number;
  /** The microphone is open and recording runs: the countdown starts now. */
  onRecording?: () => void;
  /** The input level, 0..1, about 20 times a second while recording, then 0. */
  onLevel?: (level: number) => void;
  /** Aborting stops the recording, closes the microphone and rejects with the reason. */
  signal?: AbortSignal;
}

export interface RecordedClip {
  /** A WAV file, 16-bit mono at the audio context's rate. */
  blob: Blob;
  /** An object URL of `blob` for an <audio> element; the caller revokes it. */
  url: string;
}

const LEVEL_INTERVAL_MS = 50;

/**
 * Records the microphone for `durationMs` with opus-recorder's WAV worker. Rejects with a
 * MicrophoneError when the microphone is denied or missing. The same processing as the call
 * (echo cancellation, gain control, noise suppression): the visitor hears what the agent will.
 */
export async function recordClip(options: RecordClipOptions = {}): Promise<RecordedClip> {
  const { microphoneId, durationMs = 3000, onRecording, onLevel, signal } = options;
  const context = options.context ?? new AudioContext();
  let stream: MediaStream | undefined;
  try {
    stream = await openMicrophone(microphoneId);
    signal?.throwIfAborted();
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);

    const recorder = new Recorder({
      encoderPath: waveWorkerUrl,
      sourceNode: source,
      numberOfChannels: 1,
      wavBitDepth: 16,
    });
    const wav = new Promise<Uint8Array<ArrayBuffer>>((resolve) => {
      recorder.ondataavailable = resolve;
    });
    await recorder.start();
    signal?.throwIfAborted();
    onRecording?.();

    const samples = new Float32Array(analyser.fftSize);
    const meter = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      onLevel?.(inputLevel(samples));
    }, LEVEL_INTERVAL_MS);
    try {
      await delay(durationMs, signal);
    } finally {
      clearInterval(meter);
      onLevel?.(0);
    }
    await recorder.stop();
    const blob = new Blob([await wav], { type: 'audio/wav' });
    return { blob, url: URL.createObjectURL(blob) };
  } finally {
    // Ours to close, since we handed opus-recorder the source: the browser's recording
    // indicator goes off as soon as the clip is taken.
    for (const track of stream?.getTracks() ?? []) track.stop();
    void context.close();
  }
}

async function openMicrophone(microphoneId: string | undefined): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: {
        // exact: a microphone unplugged since it was chosen is reported, not silently swapped.
        ...(microphoneId ? { deviceId: { exact: microphoneId } } : {}),
        echoCancellation: true,
        autoGainControl: true,
        noiseSuppression: true,
      },
    });
  } catch (error) {
    const problem = microphoneProblemOf(error);
    throw problem ? new MicrophoneError(problem, error) : error;
  }
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
    if (signal?.aborted) aborted();
  });
}

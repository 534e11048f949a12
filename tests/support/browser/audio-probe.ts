import type { JSHandle, Page, Frame } from 'playwright-core';
import type { PageDriver } from '../e2e/page-driver.ts';

// The first two functions run inside the page (they are handed to page.evaluate), so they
// must not close over anything from this module: no imports, no helpers, only their argument.

export interface ToneProbeArgs {
  /** The stream to listen to (or name a media element instead, with `element`). */
  stream?: MediaStream;
  /**
   * Instead of `stream`: the media element matching `selector`, its `srcObject` (`output:
   * false`) or what it plays out (`output: true`: captureStream, mozCaptureStream in Firefox).
   * For drivers that pass no handles inside an argument (puppeteer).
   */
  element?: { selector: string; output: boolean };
  hz: number;
  /** How long to listen, from the first sound heard. */
  durationMs: number;
  /**
   * How long sound may take to start (media set-up, a jitter buffer filling, a PBX resuming)
   * before the listening window starts anyway, on silence.
   */
  startWithinMs: number;
  /** How far the FFT peak may be from `hz` (default: two FFT bins, about 23 Hz at 48 kHz). */
  toleranceHz?: number;
}

/** A media element's ways to hand out what it plays (Firefox names it mozCaptureStream). */
type CapturableElement = HTMLMediaElement & {
  captureStream?(): MediaStream;
  mozCaptureStream?(): MediaStream;
};

export interface ToneProbeResult {
  detected: boolean;
  /** Median frequency of the spectrum's peak over the frames taken. */
  peakHz: number;
  /** Loudest level seen at the peak, dBFS. */
  peakDb: number;
  frames: number;
  /** Frames whose peak was within the tolerance of `hz` and above the noise floor. */
  hits: number;
  /** When the window started: the first sound, or `startWithinMs` of silence. */
  startedAfterMs: number;
}

/**
 * Page side: plays `stream` in an <audio> element (Chromium only renders remote WebRTC audio,
 * and only reports its inbound audioLevel, while an element plays it) and watches its
 * spectrum with an AnalyserNode. The element is left playing for later getStats reads.
 */
export async function probeToneInStream(args: ToneProbeArgs): Promise<ToneProbeResult> {
  let stream = args.stream;
  if (args.element) {
    const element = document.querySelector(args.element.selector) as CapturableElement | null;
    if (!element) throw new Error(`no ${args.element.selector} to listen to`);
    stream = args.element.output
      ? (element.captureStream?.() ?? element.mozCaptureStream?.())
      : ((element.srcObject as MediaStream | null) ?? undefined);
  }
  if (!stream) throw new Error('no stream to listen to');
  const audio = document.createElement('audio');
  audio.dataset.testid = 'rig-audio-probe';
  audio.autoplay = true;
  audio.srcObject = stream;
  document.body.append(audio);
  await audio.play();

  const context = new AudioContext();
  await context.resume();
  const analyser = context.createAnalyser();
  analyser.fftSize = 4096;
  analyser.smoothingTimeConstant = 0;
  context.createMediaStreamSource(stream).connect(analyser);
  const binHz = context.sampleRate / analyser.fftSize;
  const tolerance = args.toleranceHz ?? 2 * binHz;
  const spectrum = new Float32Array(analyser.frequencyBinCount);

  const peaks: number[] = [];
  let peakDb = -Infinity;
  let hits = 0;
  const began = performance.now();
  let deadline: number | undefined;
  while (deadline === undefined || performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    analyser.getFloatFrequencyData(spectrum);
    let best = 1; // skip the DC bin
    for (let i = 2; i < spectrum.length; i += 1)
      if ((spectrum[i] ?? -Infinity) > (spectrum[best] ?? -Infinity)) best = i;
    const level = spectrum[best] ?? -Infinity;
    // -70 dBFS: well above the analyser's floor for digital silence (-Infinity or about -150).
    const loud = level > -70;
    if (deadline === undefined) {
      if (!loud && performance.now() - began < args.startWithinMs) continue;
      deadline = performance.now() + args.durationMs;
    }
    const frequency = best * binHz;
    peaks.push(frequency);
    peakDb = Math.max(peakDb, level);
    if (loud && Math.abs(frequency - args.hz) <= tolerance) hits += 1;
  }
  await context.close();
  peaks.sort((a, b) => a - b);
  const frames = peaks.length;
  return {
    detected: frames > 0 && hits >= frames / 2,
    peakHz: peaks[Math.floor(frames / 2)] ?? 0,
    peakDb,
    frames,
    hits,
    startedAfterMs: Math.round(deadline - args.durationMs - began),
  };
}

export interface InboundAudioStats {
  packetsReceived: number;
  bytesReceived: number;
  /** 0..1, the level of the last played audio (0 unless an element plays the track). */
  audioLevel: number;
  totalAudioEnergy: number;
  /** e.g. audio/opus, audio/PCMU. */
  mimeType: string | undefined;
  clockRate: number | undefined;
}

/** Page side: the first inbound-rtp audio stream of `pc`, or undefined before there is one. */
export async function readInboundAudioStats(
  pc: RTCPeerConnection,
): Promise<InboundAudioStats | undefined> {
  const report = await pc.getStats();
  let inbound: Record<string, unknown> | undefined;
  report.forEach((stat: Record<string, unknown>) => {
    if (!inbound && stat.type === 'inbound-rtp' && stat.kind === 'audio') inbound = stat;
  });
  if (!inbound) return undefined;
  const codec =
    typeof inbound.codecId === 'string'
      ? (report.get(inbound.codecId) as Record<string, unknown> | undefined)
      : undefined;
  const num = (value: unknown) => (typeof value === 'number' ? value : 0);
  return {
    packetsReceived: num(inbound.packetsReceived),
    bytesReceived: num(inbound.bytesReceived),
    audioLevel: num(inbound.audioLevel),
    totalAudioEnergy: num(inbound.totalAudioEnergy),
    mimeType: typeof codec?.mimeType === 'string' ? codec.mimeType : undefined,
    clockRate: typeof codec?.clockRate === 'number' ? codec.clockRate : undefined,
  };
}

// Node side: typed wrappers that hand the page functions their handles.

export function probeTone(
  page: Page | Frame,
  stream: JSHandle<MediaStream>,
  hz: number,
  durationMs = 1_500,
  startWithinMs = 3_000,
): Promise<ToneProbeResult> {
  return page.evaluate(probeToneInStream, { stream, hz, durationMs, startWithinMs });
}

export function inboundAudioStats(
  page: Page,
  pc: JSHandle<RTCPeerConnection>,
): Promise<InboundAudioStats | undefined> {
  return page.evaluate(readInboundAudioStats, pc);
}

/**
 * Listens for a tone in what a media element of the page holds (`output: false`: its
 * srcObject, e.g. the agent's audio) or plays out (`output: true`), in any browser engine.
 */
export function probeToneOfElement(
  page: PageDriver,
  element: { selector: string; output: boolean },
  hz: number,
  durationMs = 1_500,
  startWithinMs = 3_000,
): Promise<ToneProbeResult> {
  return page.evaluate(probeToneInStream, { element, hz, durationMs, startWithinMs });
}

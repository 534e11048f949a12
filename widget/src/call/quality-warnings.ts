import type { QualitySample } from './call-stats-reading.ts';

/** What the visitor is told during a call, each for as long as it holds. */
export type QualityWarning =
  'high-loss' | 'high-jitter' | 'high-rtt' | 'low-mos' | 'silent-microphone';
type NetworkWarning = Exclude<QualityWarning, 'silent-microphone'>;

/**
 * Twilio's published network warnings (Voice Insights SDK events: RTT > 400 ms, jitter >
 * 30 ms, loss > 1 %), judged like Twilio's over the last 5 one-second samples: raised when 3
 * of them are over, cleared only when none is, so a warning neither flickers on one bad
 * second nor goes while the line still stutters. MOS < 3 is where G.107 puts "many users
 * dissatisfied" (R below 60).
 */
export const qualityThresholds = { rttMs: 400, jitterMs: 30, lossPct: 1, mos: 3 } as const;
const samplesKept = 5;
const overToRaise = 3;

const isOver: Record<NetworkWarning, (sample: QualitySample) => boolean> = {
  'high-loss': (s) => (s.lossPct ?? 0) > qualityThresholds.lossPct,
  'high-jitter': (s) => (s.jitterMs ?? 0) > qualityThresholds.jitterMs,
  'high-rtt': (s) => (s.rttMs ?? 0) > qualityThresholds.rttMs,
  'low-mos': (s) => s.mos !== undefined && s.mos < qualityThresholds.mos,
};
const networkWarnings = Object.keys(isOver) as NetworkWarning[];

/**
 * The microphone sends silence: an RMS level under -80 dBFS (Chromium's audioLevel steps by
 * 1/32767, about -90 dBFS; any real microphone's noise floor is far above) for this many
 * samples in a row, while the visitor has not muted it. A muted OS input or a device taken by
 * another app gives digital zeros; a quiet room does not.
 */
export const silenceRms = 1e-4;
const silentSamplesToRaise = 5;

/**
 * Once the connection's warnings have all cleared, the visitor is told it is back to normal
 * for this many samples (seconds), then nothing: a warning that just vanished could mean the
 * widget gave up watching, and a note that stayed would be noise.
 */
export const backToNormalSamples = 5;

export interface QualityState {
  /** Per network warning, whether each of the last samples was over its threshold. */
  recent: Record<NetworkWarning, boolean[]>;
  /** Samples in a row with a silent microphone. */
  silentSamples: number;
  /** Raised now, in a stable order. */
  warnings: QualityWarning[];
  /** Samples left to say the connection is back to normal; 0: nothing to say. */
  backToNormalFor: number;
}

export const initialQualityState: QualityState = {
  recent: { 'high-loss': [], 'high-jitter': [], 'high-rtt': [], 'low-mos': [] },
  silentSamples: 0,
  warnings: [],
  backToNormalFor: 0,
};

export interface SampleContext {
  /** The visitor muted the microphone (the mute button): silence is then what they asked for. */
  visitorMuted: boolean;
  /** The browser says the microphone track gets no audio (muted by the OS or its device). */
  microphoneTrackMuted?: boolean;
}

/** The warnings after one more sample. */
export function nextQualityState(
  state: QualityState,
  sample: QualitySample,
  context: SampleContext,
): QualityState {
  const raised = new Set(state.warnings);
  const recent = { ...state.recent };
  for (const warning of networkWarnings) {
    const kept = [...recent[warning], isOver[warning](sample)].slice(-samplesKept);
    recent[warning] = kept;
    const over = kept.filter(Boolean).length;
    if (over >= overToRaise) raised.add(warning);
    else if (over === 0) raised.delete(warning);
  }
  let silentSamples = state.silentSamples;
  if (context.visitorMuted) {
    silentSamples = 0;
  } else if (
    context.microphoneTrackMuted ||
    (sample.microphoneRms !== undefined && sample.microphoneRms < silenceRms)
  ) {
    silentSamples += 1;
  } else if (sample.microphoneRms !== undefined) {
    // Sound got through: the microphone works, whatever came before.
    silentSamples = 0;
  }
  if (silentSamples >= silentSamplesToRaise) raised.add('silent-microphone');
  else if (silentSamples === 0) raised.delete('silent-microphone');
  const order: QualityWarning[] = [...networkWarnings, 'silent-microphone'];
  const warnings = order.filter((warning) => raised.has(warning));
  return { recent, silentSamples, warnings, backToNormalFor: backToNormalAfter(state, warnings) };
}

/**
 * The samples left to say "back to normal": all from the moment every warning cleared after
 * one of the connection's (a microphone that sends sound again, or that the visitor muted, is
 * no news about the connection), one fewer each sample after, none while a warning shows.
 */
function backToNormalAfter(state: QualityState, warnings: QualityWarning[]): number {
  if (warnings.length > 0) return 0;
  const connectionCleared = state.warnings.some((warning) => warning !== 'silent-microphone');
  return connectionCleared ? backToNormalSamples : Math.max(0, state.backToNormalFor - 1);
}

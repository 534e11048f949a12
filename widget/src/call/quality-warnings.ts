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

export interface QualityState {
  /** Per network warning, whether each of the last samples was over its threshold. */
  recent: Record<NetworkWarning, boolean[]>;
  /** Samples in a row with a silent microphone. */
  silentSamples: number;
  /** Raised now, in a stable order. */
  warnings: QualityWarning[];
}

export const initialQualityState: QualityState = {
  recent: { 'high-loss': [], 'high-jitter': [], 'high-rtt': [], 'low-mos': [] },
  silentSamples: 0,
  warnings: [],
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
  return { recent, silentSamples, warnings: order.filter((warning) => raised.has(warning)) };
}

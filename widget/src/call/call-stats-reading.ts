import { mosFromR, mouthToEarDelayMs, rFactor } from '../../../protocol/e-model.ts';

/**
 * What one getStats() of the call's RTCPeerConnection says, reduced to the figures the
 * quality warnings need. Counters are cumulative: a sample is the change between two readings.
 */
export interface StatsReading {
  /** The agent's audio as received (inbound-rtp). */
  inbound?: { packetsReceived: number; packetsLost: number; jitterS?: number };
  /** The gateway's last receiver report on the visitor's audio (remote-inbound-rtp). */
  remoteInbound?: { fractionLost?: number; roundTripTimeS?: number; jitterS?: number };
  /** The selected ICE candidate pair's latest STUN round trip. */
  pairRoundTripS?: number;
  /** The microphone's audio so far (media-source): its energy over its seconds. */
  microphone?: { totalAudioEnergy: number; totalSamplesDuration: number };
}

/** One second (or so) of the call, as the warnings judge it. */
export interface QualitySample {
  /** Packets lost of those sent, either way, percent: the worse direction. */
  lossPct?: number;
  jitterMs?: number;
  rttMs?: number;
  /** The E-model's MOS (ITU-T G.107) from these figures, as the connection test rates. */
  mos?: number;
  /** The microphone's RMS level over the interval, 0..1 (0: digital silence). */
  microphoneRms?: number;
}

type Stats = Record<string, unknown>;
const num = (stats: Stats | undefined, key: string) =>
  typeof stats?.[key] === 'number' ? (stats[key] as number) : undefined;

/**
 * The figures from a stats report (`report.values()`), audio only. Missing entries (a browser
 * that lacks one, a call not yet sending) leave their field out.
 */
export function readStats(report: Iterable<Stats>): StatsReading {
  const all = [...report];
  const audio = (type: string) => all.find((s) => s.type === type && s.kind === 'audio');
  const reading: StatsReading = {};
  const inbound = audio('inbound-rtp');
  const received = num(inbound, 'packetsReceived');
  if (received !== undefined) {
    const jitterS = num(inbound, 'jitter');
    reading.inbound = {
      packetsReceived: received,
      packetsLost: num(inbound, 'packetsLost') ?? 0,
      ...(jitterS !== undefined ? { jitterS } : {}),
    };
  }
  const remote = audio('remote-inbound-rtp');
  if (remote) {
    reading.remoteInbound = Object.fromEntries(
      (['fractionLost', 'roundTripTime', 'jitter'] as const)
        .map((key) => [key === 'fractionLost' ? key : `${key}S`, num(remote, key)] as const)
        .filter(([, value]) => value !== undefined),
    );
  }
  // Chromium names the pair on the transport; Firefox marks it `selected`.
  const transport = all.find((s) => s.type === 'transport');
  const pair = all.find(
    (s) =>
      s.type === 'candidate-pair' &&
      (s.id === transport?.selectedCandidatePairId || s.selected === true),
  );
  const pairRoundTripS = num(pair, 'currentRoundTripTime');
  if (pairRoundTripS !== undefined) reading.pairRoundTripS = pairRoundTripS;
  const source = audio('media-source');
  const energy = num(source, 'totalAudioEnergy');
  const duration = num(source, 'totalSamplesDuration');
  if (energy !== undefined && duration !== undefined)
    reading.microphone = { totalAudioEnergy: energy, totalSamplesDuration: duration };
  return reading;
}

const largest = (...values: (number | undefined)[]) => {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length ? Math.max(...known) : undefined;
};

/** The interval between two readings as a sample; the first reading alone gives no loss. */
export function qualitySample(previous: StatsReading | undefined, current: StatsReading) {
  const sample: QualitySample = {};
  let inboundLossPct: number | undefined;
  if (previous?.inbound && current.inbound) {
    const received = current.inbound.packetsReceived - previous.inbound.packetsReceived;
    // Late duplicates can make the lost count fall: never a negative loss.
    const lost = Math.max(0, current.inbound.packetsLost - previous.inbound.packetsLost);
    if (received + lost > 0) inboundLossPct = (100 * lost) / (received + lost);
  }
  const fractionLost = current.remoteInbound?.fractionLost;
  const lossPct = largest(
    inboundLossPct,
    fractionLost === undefined ? undefined : 100 * fractionLost,
  );
  const jitterS = largest(current.inbound?.jitterS, current.remoteInbound?.jitterS);
  const rttS = largest(current.pairRoundTripS, current.remoteInbound?.roundTripTimeS);
  if (lossPct !== undefined) sample.lossPct = lossPct;
  if (jitterS !== undefined) sample.jitterMs = 1000 * jitterS;
  if (rttS !== undefined) sample.rttMs = 1000 * rttS;
  if (lossPct !== undefined) {
    const delay = mouthToEarDelayMs({ rttMs: sample.rttMs ?? 0, jitterMs: sample.jitterMs ?? 0 });
    sample.mos = mosFromR(rFactor({ oneWayDelayMs: delay, lossPct }));
  }
  if (previous?.microphone && current.microphone) {
    const seconds =
      current.microphone.totalSamplesDuration - previous.microphone.totalSamplesDuration;
    const energy = current.microphone.totalAudioEnergy - previous.microphone.totalAudioEnergy;
    // totalAudioEnergy sums audioLevel² × duration: its mean is the level's mean square.
    if (seconds > 0) sample.microphoneRms = Math.sqrt(Math.max(0, energy) / seconds);
  }
  return sample;
}

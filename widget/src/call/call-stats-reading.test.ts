import { describe, expect, it } from 'vitest';
import { mosFromR, mouthToEarDelayMs, rFactor } from '../../../protocol/e-model.ts';
import { qualitySample, readStats } from './call-stats-reading.ts';

/** A Chromium stats report of an audio call, trimmed to the entries the reading uses. */
const report = (at: {
  received: number;
  lost: number;
  energy: number;
  seconds: number;
  fractionLost?: number;
}) => [
  { type: 'codec', id: 'C1', mimeType: 'audio/opus' },
  {
    type: 'inbound-rtp',
    id: 'I1',
    kind: 'audio',
    packetsReceived: at.received,
    packetsLost: at.lost,
    jitter: 0.012,
  },
  {
    type: 'remote-inbound-rtp',
    id: 'R1',
    kind: 'audio',
    fractionLost: at.fractionLost ?? 0,
    roundTripTime: 0.09,
    jitter: 0.004,
  },
  { type: 'transport', id: 'T1', selectedCandidatePairId: 'P2' },
  { type: 'candidate-pair', id: 'P1', currentRoundTripTime: 0.5 },
  { type: 'candidate-pair', id: 'P2', currentRoundTripTime: 0.08 },
  {
    type: 'media-source',
    id: 'S1',
    kind: 'audio',
    totalAudioEnergy: at.energy,
    totalSamplesDuration: at.seconds,
  },
];

describe('a call stats reading', () => {
  it('takes the agent’s audio, the gateway’s report, the selected pair and the microphone', () => {
    expect(readStats(report({ received: 500, lost: 3, energy: 0.2, seconds: 10 }))).toEqual({
      inbound: { packetsReceived: 500, packetsLost: 3, jitterS: 0.012 },
      remoteInbound: { fractionLost: 0, roundTripTimeS: 0.09, jitterS: 0.004 },
      pairRoundTripS: 0.08,
      microphone: { totalAudioEnergy: 0.2, totalSamplesDuration: 10 },
    });
  });

  it('finds Firefox’s selected pair, and leaves out what a browser does not report', () => {
    expect(
      readStats([
        { type: 'candidate-pair', id: 'A', selected: false, currentRoundTripTime: 0.9 },
        { type: 'candidate-pair', id: 'B', selected: true, currentRoundTripTime: 0.03 },
      ]),
    ).toEqual({ pairRoundTripS: 0.03 });
    expect(readStats([])).toEqual({});
  });
});

describe('a quality sample between two readings', () => {
  const first = readStats(report({ received: 500, lost: 0, energy: 0.2, seconds: 10 }));

  it('gives the loss of the interval, the latest jitter and round trip, and their MOS', () => {
    const next = readStats(report({ received: 545, lost: 5, energy: 0.2025, seconds: 11 }));
    const sample = qualitySample(first, next);
    expect(sample.lossPct).toBeCloseTo(10);
    expect(sample.jitterMs).toBeCloseTo(12);
    expect(sample.rttMs).toBeCloseTo(90);
    const delay = mouthToEarDelayMs({ rttMs: 90, jitterMs: 12 });
    expect(sample.mos).toBeCloseTo(mosFromR(rFactor({ oneWayDelayMs: delay, lossPct: 10 })));
    // 0.0025 of energy over one second: an RMS level of 0.05.
    expect(sample.microphoneRms).toBeCloseTo(0.05);
  });

  it('takes the worse direction: the gateway’s report of the visitor’s audio', () => {
    const next = readStats(
      report({ received: 550, lost: 0, energy: 0.3, seconds: 11, fractionLost: 0.04 }),
    );
    expect(qualitySample(first, next).lossPct).toBeCloseTo(4);
  });

  it('reads a silent microphone as 0 and never a negative loss', () => {
    const next = readStats(report({ received: 550, lost: -2, energy: 0.2, seconds: 11 }));
    expect(qualitySample(first, next)).toMatchObject({ lossPct: 0, microphoneRms: 0 });
  });

  it('has no loss or microphone level from a first reading alone', () => {
    const sample = qualitySample(undefined, first);
    expect(sample.microphoneRms).toBeUndefined();
    expect(sample.lossPct).toBe(0); // the gateway's report says none lost
  });
});

import { describe, expect, it } from 'vitest';
import type { QualitySample } from './call-stats-reading.ts';
import {
  backToNormalSamples,
  initialQualityState,
  nextQualityState,
  qualityThresholds,
  silenceRms,
  type QualityState,
} from './quality-warnings.ts';

const good: QualitySample = { lossPct: 0, jitterMs: 5, rttMs: 40, mos: 4.4, microphoneRms: 0.05 };
const talking = { visitorMuted: false };

/** The warnings after each sample, from a fresh call. */
function run(samples: QualitySample[], context = talking): string[][] {
  let state: QualityState = initialQualityState;
  return samples.map((sample) => {
    state = nextQualityState(state, sample, context);
    return state.warnings;
  });
}
const times = (n: number, sample: QualitySample) => Array<QualitySample>(n).fill(sample);

describe('in-call network warnings', () => {
  it.each([
    ['high-loss', { lossPct: 2 }],
    ['high-jitter', { jitterMs: 31 }],
    ['high-rtt', { rttMs: 401 }],
    ['low-mos', { mos: 2.9 }],
  ])('raise %s on the third bad second of five, not before', (warning, bad) => {
    const after = run([good, { ...good, ...bad }, good, { ...good, ...bad }, { ...good, ...bad }]);
    expect(after.slice(0, 4).every((warnings) => !warnings.includes(warning))).toBe(true);
    expect(after[4]).toEqual([warning]);
  });

  it('stay quiet at the thresholds themselves (over, not at)', () => {
    const { lossPct, jitterMs, rttMs, mos } = qualityThresholds;
    expect(run(times(5, { lossPct, jitterMs, rttMs, mos, microphoneRms: 0.05 })).at(-1)).toEqual(
      [],
    );
  });

  it('do not flicker: a raised warning stays while any of the last five seconds was bad', () => {
    const lossy = { ...good, lossPct: 5 };
    const after = run([...times(3, lossy), good, lossy, good, good, lossy, ...times(5, good)]);
    // Raised at the third; held through the good seconds between bad ones.
    expect(after.slice(2, 12).every((warnings) => warnings.includes('high-loss'))).toBe(true);
    // Cleared once five good seconds in a row follow the last bad one.
    expect(after[12]).toEqual([]);
  });

  it('clear five seconds after the trouble stops', () => {
    const after = run([...times(5, { ...good, lossPct: 10, mos: 2.5 }), ...times(5, good)]);
    expect(after[4]).toEqual(['high-loss', 'low-mos']);
    expect(after[8]).toEqual(['high-loss', 'low-mos']);
    expect(after[9]).toEqual([]);
  });

  it('treat a second without figures (no packets, on hold) as a good one', () => {
    const after = run([...times(3, { ...good, rttMs: 800 }), ...times(5, {})]);
    expect(after[2]).toEqual(['high-rtt']);
    expect(after[7]).toEqual([]);
  });
});

describe('the silent microphone warning', () => {
  const silent = { ...good, microphoneRms: 0 };

  it('comes after five silent seconds in a row, and goes with the first sound', () => {
    const after = run([...times(4, silent), good, ...times(5, silent), good]);
    expect(after.slice(0, 9).every((warnings) => warnings.length === 0)).toBe(true);
    expect(after[9]).toEqual(['silent-microphone']);
    expect(after[10]).toEqual([]);
  });

  it('takes a quiet room for sound: only a level under -80 dBFS is silence', () => {
    expect(run(times(10, { ...good, microphoneRms: silenceRms * 2 })).at(-1)).toEqual([]);
    expect(run(times(5, { ...good, microphoneRms: silenceRms / 2 })).at(-1)).toEqual([
      'silent-microphone',
    ]);
  });

  it('counts a microphone track the browser muted (the OS, the device) as silent', () => {
    let state = initialQualityState;
    for (let i = 0; i < 5; i += 1)
      state = nextQualityState(state, {}, { visitorMuted: false, microphoneTrackMuted: true });
    expect(state.warnings).toEqual(['silent-microphone']);
  });

  it('says nothing while the visitor muted the microphone, and counts again from unmuting', () => {
    expect(run(times(10, silent), { visitorMuted: true }).at(-1)).toEqual([]);
    let state = nextQualityState(initialQualityState, silent, talking);
    for (let i = 0; i < 6; i += 1) state = nextQualityState(state, silent, talking);
    expect(state.warnings).toEqual(['silent-microphone']);
    state = nextQualityState(state, silent, { visitorMuted: true });
    expect(state.warnings).toEqual([]);
    for (let i = 0; i < 4; i += 1) state = nextQualityState(state, silent, talking);
    expect(state.warnings).toEqual([]);
  });

  it('keeps its count through a second without a reading', () => {
    const after = run([...times(3, silent), { lossPct: 0 }, ...times(2, silent)]);
    expect(after.at(-1)).toEqual(['silent-microphone']);
  });
});

describe('the note that the connection is back to normal', () => {
  /** Whether the note shows after each sample, from a fresh call. */
  function notes(samples: QualitySample[], context = talking): boolean[] {
    let state: QualityState = initialQualityState;
    return samples.map((sample) => {
      state = nextQualityState(state, sample, context);
      return state.backToNormalFor > 0;
    });
  }
  const lossy = { ...good, lossPct: 5 };

  it('comes as the last warning clears, stays a few seconds, then goes', () => {
    const samples = [...times(3, lossy), ...times(5 + backToNormalSamples + 2, good)];
    const warned = run(samples);
    const noted = notes(samples);
    const cleared = warned.findIndex((warnings, i) => i > 2 && warnings.length === 0);
    expect(noted.slice(0, cleared).some(Boolean)).toBe(false);
    expect(noted.slice(cleared, cleared + backToNormalSamples)).toEqual(
      Array<boolean>(backToNormalSamples).fill(true),
    );
    const after = noted.slice(cleared + backToNormalSamples);
    expect(after.length).toBeGreaterThan(0);
    expect(after.some(Boolean)).toBe(false);
  });

  it('never shows on a call that had no warning', () => {
    expect(notes(times(20, good)).some(Boolean)).toBe(false);
  });

  it('goes as soon as a warning is raised again', () => {
    const samples = [...times(3, lossy), ...times(5, good), ...times(3, lossy)];
    const noted = notes(samples);
    expect(noted[7]).toBe(true);
    expect(run(samples)[10]).toEqual(['high-loss']);
    expect(noted[10]).toBe(false);
  });

  it('says nothing of the connection when only the silent microphone warning clears', () => {
    const silent = { ...good, microphoneRms: 0 };
    expect(notes([...times(6, silent), ...times(6, good)]).some(Boolean)).toBe(false);
  });
});

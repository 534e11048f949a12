/** The quietest level the meter shows above empty: a quiet room sits around -60 dBFS. */
const FLOOR_DB = -60;

/**
 * A microphone level for the meter, 0..1, from one block of samples (-1..1): the block's RMS
 * in dBFS spread linearly from -60 dB (0) to full scale (1), because a linear RMS would leave
 * ordinary speech (about -30 dBFS) at a few percent of the bar.
 */
export function inputLevel(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length);
  if (rms === 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

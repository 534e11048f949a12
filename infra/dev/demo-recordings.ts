// The demo's agents record every call (what they heard, what they played) for people to
// listen to. The recordings belong with the demo's other data, one folder per run, and only
// the last few runs are kept, so that `npm start` after `npm start` does not fill the disk.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** How many runs' recordings are kept, the starting one included. */
export const keptRecordingRuns = 3;

/** A run's folder name: its start time in UTC, e.g. `20261231-235959` (short: see below). */
const runName = (at: Date) => at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
const isRunName = (name: string) => /^\d{8}-\d{6}$/.test(name);

/**
 * Makes `<dataDir>/recordings/<start time>/` for the run starting now and deletes the folders
 * of all but the latest `keep - 1` earlier runs; anything else there is left alone. Returns
 * the run's folder. The names stay short because baresip's file names must fit 128 bytes.
 */
export function startDemoRecordings(
  dataDir: string,
  now = new Date(),
  keep = keptRecordingRuns,
): string {
  const root = join(dataDir, 'recordings');
  const run = runName(now);
  mkdirSync(join(root, run), { recursive: true });
  const earlier = readdirSync(root)
    .filter((name) => isRunName(name) && name !== run)
    .sort();
  for (const old of earlier.slice(0, Math.max(0, earlier.length - (keep - 1))))
    rmSync(join(root, old), { recursive: true, force: true });
  return join(root, run);
}

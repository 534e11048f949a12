import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startDemoRecordings } from './demo-recordings.ts';

describe('the demo keeps its recordings in its data folder, pruned', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-recordings-'));
  const recordings = join(dataDir, 'recordings');
  afterEach(() => rmSync(recordings, { recursive: true, force: true }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('gives each run its own folder and keeps only the last three runs', () => {
    const runs = ['2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', '2026-12-02T10:00:00Z'];
    for (const at of runs) {
      const dir = startDemoRecordings(dataDir, new Date(at));
      mkdirSync(join(dir, 'support-en'));
      writeFileSync(join(dir, 'support-en', 'dump-x-dec.wav'), '');
    }
    expect(readdirSync(recordings).sort()).toEqual([
      '20261201-080000',
      '20261201-090000',
      '20261202-100000',
    ]);
    const fourth = startDemoRecordings(dataDir, new Date('2026-12-03T11:00:00Z'));
    expect(fourth).toBe(join(recordings, '20261203-110000'));
    expect(readdirSync(recordings).sort()).toEqual([
      '20261201-090000',
      '20261202-100000',
      '20261203-110000',
    ]);
  });

  it('leaves alone what it did not make there', () => {
    mkdirSync(join(recordings, 'keep-me'), { recursive: true });
    for (const hour of ['08', '09', '10', '11'])
      startDemoRecordings(dataDir, new Date(`2026-12-01T${hour}:00:00Z`));
    expect(readdirSync(recordings)).toContain('keep-me');
    expect(readdirSync(recordings)).toHaveLength(4);
  });
});

import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadMediaConfig } from './media-config.ts';

describe('MEDIA_WORKERS', () => {
  it('defaults to one worker per core', () => {
    expect(loadMediaConfig({}).workers).toBe(availableParallelism());
  });

  it('takes a number of workers, and refuses what is not one', () => {
    expect(loadMediaConfig({ MEDIA_WORKERS: '3' }).workers).toBe(3);
    expect(() => loadMediaConfig({ MEDIA_WORKERS: '0' })).toThrow(/MEDIA_WORKERS/);
    expect(() => loadMediaConfig({ MEDIA_WORKERS: 'many' })).toThrow(/MEDIA_WORKERS/);
  });

  it('runs one worker in single-port mode, and refuses more, naming both variables', () => {
    expect(loadMediaConfig({ MEDIA_RTC_SINGLE_PORT: '3478' }).workers).toBe(1);
    expect(() => loadMediaConfig({ MEDIA_RTC_SINGLE_PORT: '3478', MEDIA_WORKERS: '2' })).toThrow(
      /MEDIA_WORKERS: must be 1 with MEDIA_RTC_SINGLE_PORT/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './api-config.ts';
import { loadMediaConfig } from './media-config.ts';

describe('MEDIA_DRAIN_TIMEOUT_MS and MEDIA_ADMIN_TOKEN', () => {
  it('drains for an hour unless told otherwise, and takes 0 (end calls at once)', () => {
    expect(loadMediaConfig({}).drainTimeoutMs).toBe(3_600_000);
    expect(loadMediaConfig({ MEDIA_DRAIN_TIMEOUT_MS: '0' }).drainTimeoutMs).toBe(0);
    expect(() => loadMediaConfig({ MEDIA_DRAIN_TIMEOUT_MS: '-1' })).toThrow(
      /MEDIA_DRAIN_TIMEOUT_MS/,
    );
  });

  it('refuses a short admin token', () => {
    expect(() => loadMediaConfig({ MEDIA_ADMIN_TOKEN: 'short' })).toThrow(
      /MEDIA_ADMIN_TOKEN: must be at least 32 characters/,
    );
  });
});

describe('API_DRAIN_DELAY_MS', () => {
  it('closes at once by default (no load balancer), and takes the balancer notice time', () => {
    expect(loadApiConfig({}).drainDelayMs).toBe(0);
    expect(loadApiConfig({ API_DRAIN_DELAY_MS: '10000' }).drainDelayMs).toBe(10_000);
    expect(() => loadApiConfig({ API_DRAIN_DELAY_MS: 'soon' })).toThrow(/API_DRAIN_DELAY_MS/);
  });
});

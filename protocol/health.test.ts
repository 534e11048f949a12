import { describe, expect, it } from 'vitest';
import { HealthSchema } from './health.ts';

describe('HealthSchema', () => {
  it('accepts what a healthy service reports', () => {
    const health = HealthSchema.parse({
      status: 'ok',
      service: 'media',
      version: '0.1.0',
      uptimeS: 3,
    });
    expect(health.checks).toEqual({});
  });

  it('refuses an unknown service or a negative uptime', () => {
    expect(
      HealthSchema.safeParse({ status: 'ok', service: 'pbx', version: '1', uptimeS: 1 }).success,
    ).toBe(false);
    expect(
      HealthSchema.safeParse({ status: 'ok', service: 'api', version: '1', uptimeS: -1 }).success,
    ).toBe(false);
  });
});

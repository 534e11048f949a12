import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './api-config.ts';
import { ConfigError } from './env-config.ts';

describe('loadApiConfig', () => {
  it('runs on its defaults with an empty environment', () => {
    expect(loadApiConfig({})).toEqual({ host: '127.0.0.1', port: 8080, logLevel: 'info' });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadApiConfig({ API_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadApiConfig({ API_PORT: '70000' })).toThrow(/API_PORT/);
    expect(() => loadApiConfig({ API_LOG_LEVEL: 'loud' })).toThrow(/API_LOG_LEVEL/);
  });
});

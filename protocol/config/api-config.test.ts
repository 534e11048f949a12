import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './api-config.ts';
import { ConfigError } from './env-config.ts';

describe('loadApiConfig', () => {
  it('runs on its defaults with an empty environment', () => {
    expect(loadApiConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'info',
      dataDir: '.data/api',
      sitesFile: 'api/config/sites.json',
      trustProxy: false,
      secureCookies: true,
      widgetDir: 'widget/dist',
      embedFile: 'embed/dist/embed.js',
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadApiConfig({ API_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadApiConfig({ API_PORT: '70000' })).toThrow(/API_PORT/);
    expect(() => loadApiConfig({ API_LOG_LEVEL: 'loud' })).toThrow(/API_LOG_LEVEL/);
    expect(() => loadApiConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadApiConfig({ API_SERVICE_TOKEN: 'short' })).toThrow(/API_SERVICE_TOKEN/);
    expect(() => loadApiConfig({ API_TRUST_PROXY: 'maybe' })).toThrow(/API_TRUST_PROXY/);
  });

  it('reads the storage and secrets settings', () => {
    const config = loadApiConfig({
      DATABASE_URL: 'postgresql://u@127.0.0.1:5432/ctc',
      API_SERVICE_TOKEN: 'x'.repeat(32),
      API_TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgresql://u@127.0.0.1:5432/ctc',
      serviceToken: 'x'.repeat(32),
      trustProxy: true,
    });
  });
});

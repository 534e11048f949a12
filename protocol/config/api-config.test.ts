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
      trustedProxies: [],
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
  });

  it('reads the storage and secrets settings', () => {
    const config = loadApiConfig({
      DATABASE_URL: 'postgresql://u@127.0.0.1:5432/ctc',
      API_SERVICE_TOKEN: 'x'.repeat(32),
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgresql://u@127.0.0.1:5432/ctc',
      serviceToken: 'x'.repeat(32),
    });
  });
});

describe('API_TRUSTED_PROXIES', () => {
  it('reads the proxies as address blocks, a bare address being one host', () => {
    const config = loadApiConfig({ API_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.10 ,2001:db8::/32' });
    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '192.0.2.10/32', '2001:db8::/32']);
  });

  it('fails start-up naming the variable and the entry that is not an address block', () => {
    for (const bad of [
      '10.0.0.0/33',
      'proxy.internal',
      '10.0.0/8',
      '2001:db8::/129',
      '10.0.0.1/',
    ]) {
      expect(() => loadApiConfig({ API_TRUSTED_PROXIES: `192.0.2.10, ${bad}` })).toThrow(
        `API_TRUSTED_PROXIES: "${bad}" is not an IP address or CIDR`,
      );
    }
  });

  it('refuses the old API_TRUST_PROXY rather than quietly counting everyone as the proxy', () => {
    expect(() => loadApiConfig({ API_TRUST_PROXY: 'true' })).toThrow(
      /API_TRUST_PROXY: replaced by API_TRUSTED_PROXIES/,
    );
  });
});

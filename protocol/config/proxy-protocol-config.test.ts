import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './api-config.ts';
import { loadMediaConfig } from './media-config.ts';

describe('API_PROXY_PROTOCOL and MEDIA_PROXY_PROTOCOL', () => {
  it('are off by default, and on with the load balancers named', () => {
    expect(loadApiConfig({}).proxyProtocol).toBe(false);
    expect(loadMediaConfig({}).proxyProtocol).toBe(false);
    const api = loadApiConfig({ API_PROXY_PROTOCOL: 'true', API_TRUSTED_PROXIES: '10.0.0.0/8' });
    expect(api).toMatchObject({ proxyProtocol: true, trustedProxies: ['10.0.0.0/8'] });
  });

  it('fail start-up without trusted proxies, which would refuse every connection', () => {
    expect(() => loadApiConfig({ API_PROXY_PROTOCOL: 'true' })).toThrow(
      'API_PROXY_PROTOCOL: needs API_TRUSTED_PROXIES, the load balancers allowed to send PROXY headers',
    );
    expect(() => loadMediaConfig({ MEDIA_PROXY_PROTOCOL: 'yes' })).toThrow(
      'MEDIA_PROXY_PROTOCOL: needs MEDIA_TRUSTED_PROXIES',
    );
    expect(() => loadApiConfig({ API_PROXY_PROTOCOL: 'maybe' })).toThrow(/API_PROXY_PROTOCOL/);
  });
});

import { describe, expect, it } from 'vitest';
import { loadMediaConfig } from './media-config.ts';

describe('loadMediaConfig', () => {
  it('defaults to loopback and the firewall range from the deployment notes', () => {
    expect(loadMediaConfig({})).toMatchObject({
      host: '127.0.0.1',
      rtcListenIp: '127.0.0.1',
      rtcMinPort: 20000,
      rtcMaxPort: 23000,
    });
  });

  it('refuses a port range that is upside down, naming the variable', () => {
    expect(() =>
      loadMediaConfig({ MEDIA_RTC_MIN_PORT: '30000', MEDIA_RTC_MAX_PORT: '20000' }),
    ).toThrow(/MEDIA_RTC_MAX_PORT: must not be below/);
  });

  it('refuses a listen IP that is not an address', () => {
    expect(() => loadMediaConfig({ MEDIA_RTC_LISTEN_IP: 'localhost; rm -rf /' })).toThrow(
      /MEDIA_RTC_LISTEN_IP/,
    );
  });
});

describe('media config lists', () => {
  it('reads codecs and origins from comma-separated variables', () => {
    const config = loadMediaConfig({
      MEDIA_TRUNK_CODECS: 'PCMA, G722',
      MEDIA_ALLOWED_ORIGINS: 'https://acme.example, https://b.example',
    });
    expect(config.trunkCodecs).toEqual(['PCMA', 'G722']);
    expect(config.allowedOrigins).toEqual(['https://acme.example', 'https://b.example']);
  });

  it('refuses an unknown codec or a header name that could inject', () => {
    expect(() => loadMediaConfig({ MEDIA_TRUNK_CODECS: 'PCMU,GSM' })).toThrow(/MEDIA_TRUNK_CODECS/);
    expect(() => loadMediaConfig({ MEDIA_INTENT_HEADER: 'X-A\r\nVia' })).toThrow(
      /MEDIA_INTENT_HEADER/,
    );
  });
});

describe('MEDIA_TRUSTED_PROXIES', () => {
  it('is empty by default: X-Forwarded-For is not believed from anyone', () => {
    expect(loadMediaConfig({}).trustedProxies).toEqual([]);
  });

  it('reads IPv4, IPv6 and IPv4-mapped blocks', () => {
    const config = loadMediaConfig({
      MEDIA_TRUSTED_PROXIES: '127.0.0.1,fd00::/8,::FFFF:10.0.0.0/104',
    });
    expect(config.trustedProxies).toEqual(['127.0.0.1/32', 'fd00::/8', '::ffff:10.0.0.0/104']);
  });

  it('fails start-up naming the variable and the bad entry', () => {
    expect(() => loadMediaConfig({ MEDIA_TRUSTED_PROXIES: '10.0.0.0/8,10.0.0.0/-1' })).toThrow(
      'MEDIA_TRUSTED_PROXIES: "10.0.0.0/-1" is not an IP address or CIDR',
    );
  });
});

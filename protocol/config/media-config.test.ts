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

describe("the PBX side, configured apart from the browsers' side", () => {
  it('defaults to one machine: loopback, a range of its own above the ephemeral ports', () => {
    expect(loadMediaConfig({})).toMatchObject({
      pbxRtpIp: '127.0.0.1',
      sipBindIp: '127.0.0.1',
      pbxRtpMinPort: 61000,
      pbxRtpMaxPort: 62999,
    });
  });

  it('keeps SIP and RTP on one internal address when only one of the two is given', () => {
    const internal = { pbxRtpIp: '10.213.0.10', sipBindIp: '10.213.0.10' };
    expect(loadMediaConfig({ MEDIA_PBX_RTP_IP: '10.213.0.10' })).toMatchObject(internal);
    expect(loadMediaConfig({ MEDIA_SIP_BIND_IP: '10.213.0.10' })).toMatchObject(internal);
    expect(
      loadMediaConfig({ MEDIA_SIP_BIND_IP: '10.213.0.11', MEDIA_PBX_RTP_IP: '10.213.0.10' }),
    ).toMatchObject({ pbxRtpIp: '10.213.0.10', sipBindIp: '10.213.0.11' });
  });

  it("may reuse the browsers' port numbers on another address", () => {
    const config = loadMediaConfig({
      MEDIA_RTC_LISTEN_IP: '198.51.100.10',
      MEDIA_PBX_RTP_IP: '10.213.0.10',
      MEDIA_PBX_RTP_MIN_PORT: '20000',
      MEDIA_PBX_RTP_MAX_PORT: '23000',
    });
    expect(config).toMatchObject({ pbxRtpMinPort: 20000, pbxRtpMaxPort: 23000 });
  });

  it.each([
    ['the same address', {}],
    [
      'a wildcard browser address',
      { MEDIA_RTC_LISTEN_IP: '0.0.0.0', MEDIA_PBX_RTP_IP: '10.0.0.5' },
    ],
  ])("refuses PBX ports among the browsers' ones on %s, naming both", (_, env) => {
    expect(() =>
      loadMediaConfig({ ...env, MEDIA_PBX_RTP_MIN_PORT: '22000', MEDIA_PBX_RTP_MAX_PORT: '24999' }),
    ).toThrow(
      /MEDIA_PBX_RTP_MIN_PORT: 22000-24999 overlaps the browsers' media ports \(MEDIA_RTC_MIN_PORT-MEDIA_RTC_MAX_PORT 20000-23000\)/,
    );
  });

  it('refuses a PBX range overlapping the single media port', () => {
    expect(() => loadMediaConfig({ MEDIA_RTC_SINGLE_PORT: '61500' })).toThrow(
      /MEDIA_PBX_RTP_MIN_PORT: 61000-62999 overlaps the browsers' media ports \(MEDIA_RTC_SINGLE_PORT 61500\)/,
    );
  });

  it.each([
    [
      'upside down',
      { MEDIA_PBX_RTP_MIN_PORT: '40000', MEDIA_PBX_RTP_MAX_PORT: '39000' },
      /MEDIA_PBX_RTP_MAX_PORT: must not be below MEDIA_PBX_RTP_MIN_PORT \(40000\)/,
    ],
    [
      'without an RTP/RTCP pair',
      { MEDIA_PBX_RTP_MIN_PORT: '40001', MEDIA_PBX_RTP_MAX_PORT: '40002' },
      /MEDIA_PBX_RTP_MAX_PORT: 40001-40002 holds no RTP\/RTCP pair/,
    ],
    ['not a number', { MEDIA_PBX_RTP_MIN_PORT: '61000-62999' }, /MEDIA_PBX_RTP_MIN_PORT: /],
    ['port 0', { MEDIA_PBX_RTP_MAX_PORT: '0' }, /MEDIA_PBX_RTP_MAX_PORT: must be from 1 to 65535/],
    ['beyond 65535', { MEDIA_RTC_MAX_PORT: '70000' }, /MEDIA_RTC_MAX_PORT: /],
  ])('refuses a range %s, naming the variable', (_, env, message) => {
    expect(() => loadMediaConfig(env)).toThrow(message);
  });

  it('refuses to tell the PBX a wildcard address, for RTP or for SIP', () => {
    expect(() => loadMediaConfig({ MEDIA_PBX_RTP_IP: '0.0.0.0' })).toThrow(
      /MEDIA_PBX_RTP_IP: must be the gateway's own address on the PBX's network, not a wildcard/,
    );
    expect(() => loadMediaConfig({ MEDIA_SIP_BIND_IP: '::' })).toThrow(/MEDIA_SIP_BIND_IP: /);
  });

  it('asks for an IPv4 RTP address when SIP binds IPv6', () => {
    expect(() => loadMediaConfig({ MEDIA_SIP_BIND_IP: 'fd00::10' })).toThrow(
      /MEDIA_PBX_RTP_IP: must be set to an IPv4 address/,
    );
    expect(
      loadMediaConfig({ MEDIA_SIP_BIND_IP: 'fd00::10', MEDIA_PBX_RTP_IP: '10.0.0.5' }),
    ).toMatchObject({ sipBindIp: 'fd00::10', pbxRtpIp: '10.0.0.5' });
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
    expect(() => loadMediaConfig({ MEDIA_CONNECTION_HEADER: 'X-Q: 1' })).toThrow(
      /MEDIA_CONNECTION_HEADER/,
    );
  });

  it('sends the connection test in X-CTC-Connection unless MEDIA_CONNECTION_HEADER names another', () => {
    expect(loadMediaConfig({}).connectionHeader).toBe('X-CTC-Connection');
    expect(loadMediaConfig({ MEDIA_CONNECTION_HEADER: 'X-Web-Quality' }).connectionHeader).toBe(
      'X-Web-Quality',
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

describe("flood limits on the browsers' SIP WebSocket", () => {
  it('defaults to rates a corporate NAT gets through, and a global cap from the calls taken', () => {
    expect(loadMediaConfig({ MEDIA_MAX_CALLS: '500' })).toMatchObject({
      maxConnectionsPerIp: 100,
      maxBrowserConnections: 2000,
      floodNewConnectionsPer10s: 30,
      floodSipRequestsPerS: 50,
      floodRefusedInvitesPerMin: 10,
      floodBanMs: 60_000,
    });
    // A small node still takes a few busy addresses at their own cap.
    expect(loadMediaConfig({ MEDIA_MAX_CALLS: '60' }).maxBrowserConnections).toBe(1000);
    expect(loadMediaConfig({ MEDIA_MAX_BROWSER_CONNECTIONS: '50' }).maxBrowserConnections).toBe(50);
  });

  it.each([
    ['MEDIA_MAX_BROWSER_CONNECTIONS', '0'],
    ['MEDIA_FLOOD_NEW_CONNECTIONS_PER_10S', 'many'],
    ['MEDIA_FLOOD_SIP_REQUESTS_PER_S', '1.5'],
    ['MEDIA_FLOOD_REFUSED_INVITES_PER_MIN', '-1'],
    ['MEDIA_FLOOD_BAN_MS', '10'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadMediaConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});

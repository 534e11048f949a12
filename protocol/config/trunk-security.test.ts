import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestCertificate } from '../../infra/rig/test-ca.ts';
import { loadMediaConfig } from './media-config.ts';

// MEDIA_TRUNK_TRANSPORT=tls, its CA file, and SRTP (SDES) on the PBX leg: defaults that keep
// plain RTP on a trusted network, and every unsafe or useless combination refused at start-up
// naming the variable to fix.

let dir: string;
let caFile: string;
let keyFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trunk-security-'));
  const issued = issueTestCertificate(dir, 'pbx.example.test');
  caFile = issued.caFile;
  keyFile = issued.keyFile;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the trunk over TLS', () => {
  it('defaults to plain SIP over UDP on 5060 and plain RTP', () => {
    expect(loadMediaConfig({})).toMatchObject({
      trunkTransport: 'udp',
      trunkPort: 5060,
      trunkSrtp: 'off',
    });
  });

  it('takes port 5061 with tls unless told otherwise', () => {
    expect(loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tls' }).trunkPort).toBe(5061);
    expect(
      loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tls', MEDIA_TRUNK_PORT: '5071' }).trunkPort,
    ).toBe(5071);
    expect(loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tcp' }).trunkPort).toBe(5060);
  });

  it('reads the CA file once, keeping its certificates', () => {
    const config = loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tls', MEDIA_TRUNK_CA_FILE: caFile });
    expect(config.trunkCaFile?.path).toBe(caFile);
    expect(config.trunkCaFile?.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('refuses a CA file that is missing, or holds no certificate, naming the variable', () => {
    expect(() =>
      loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tls', MEDIA_TRUNK_CA_FILE: join(dir, 'none.pem') }),
    ).toThrow(/MEDIA_TRUNK_CA_FILE: cannot read .*none\.pem \(ENOENT\)/);
    expect(() =>
      loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tls', MEDIA_TRUNK_CA_FILE: keyFile }),
    ).toThrow(/MEDIA_TRUNK_CA_FILE: .*pbx\.example\.test\.key holds no PEM certificate/);
    const broken = join(dir, 'broken.pem');
    writeFileSync(
      broken,
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n',
    );
    expect(() =>
      loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tls', MEDIA_TRUNK_CA_FILE: broken }),
    ).toThrow(/MEDIA_TRUNK_CA_FILE: certificate 1 of .*broken\.pem cannot be parsed/);
  });

  it('refuses a CA file without tls, where it would protect nothing', () => {
    expect(() => loadMediaConfig({ MEDIA_TRUNK_CA_FILE: caFile })).toThrow(
      /MEDIA_TRUNK_CA_FILE: applies to MEDIA_TRUNK_TRANSPORT=tls only/,
    );
  });

  it('has no switch that turns certificate verification off', () => {
    expect(() =>
      loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tls', MEDIA_TRUNK_TLS_SERVER_NAME: 'pbx one' }),
    ).toThrow(/MEDIA_TRUNK_TLS_SERVER_NAME: must be a host name or an IP address/);
    expect(
      Object.keys(loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tls' })).filter((field) =>
        /verify|insecure|reject/i.test(field),
      ),
    ).toEqual([]);
  });
});

describe('SRTP with SDES keys on the PBX leg', () => {
  it('offers AES_CM_128_HMAC_SHA1_80 over tls by default, or the 32-bit tag when asked', () => {
    expect(
      loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: 'tls', MEDIA_TRUNK_SRTP: 'sdes' }),
    ).toMatchObject({ trunkSrtp: 'sdes', trunkSrtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80' });
    expect(
      loadMediaConfig({
        MEDIA_TRUNK_TRANSPORT: 'tls',
        MEDIA_TRUNK_SRTP: 'sdes',
        MEDIA_TRUNK_SRTP_CRYPTO_SUITE: 'AES_CM_128_HMAC_SHA1_32',
      }).trunkSrtpCryptoSuite,
    ).toBe('AES_CM_128_HMAC_SHA1_32');
  });

  it('refuses SDES over plain SIP, where the keys cross the network readable', () => {
    for (const transport of ['udp', 'tcp']) {
      expect(() =>
        loadMediaConfig({ MEDIA_TRUNK_TRANSPORT: transport, MEDIA_TRUNK_SRTP: 'sdes' }),
      ).toThrow(/MEDIA_TRUNK_SRTP: sdes sends the SRTP keys inside the SDP, readable on the wire/);
    }
  });

  it('allows it over plain SIP only when told SIP travels in a tunnel', () => {
    expect(
      loadMediaConfig({
        MEDIA_TRUNK_SRTP: 'sdes',
        MEDIA_TRUNK_SRTP_KEYS_OVER_PLAIN_SIP: 'true',
      }).trunkSrtp,
    ).toBe('sdes');
  });

  it('refuses suites the PBX leg cannot carry', () => {
    expect(() =>
      loadMediaConfig({
        MEDIA_TRUNK_TRANSPORT: 'tls',
        MEDIA_TRUNK_SRTP: 'sdes',
        MEDIA_TRUNK_SRTP_CRYPTO_SUITE: 'NULL_HMAC_SHA1_80',
      }),
    ).toThrow(/MEDIA_TRUNK_SRTP_CRYPTO_SUITE/);
    expect(() => loadMediaConfig({ MEDIA_TRUNK_SRTP: 'dtls' })).toThrow(/MEDIA_TRUNK_SRTP/);
  });
});

import { describe, expect, it } from 'vitest';
import { DigestAuthentication, LoggerFactory } from 'sip.js/lib/core/index.js';
import type { OutgoingRequestMessage } from 'sip.js/lib/core/index.js';
import { digestResponse, parseDigestAlgorithm } from './digest-response.ts';

// RFC 7616 section 3.9.1: the same request answered with MD5 and with SHA-256.
const rfc7616 = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  method: 'GET',
  uri: '/dir/index.html',
  qop: 'auth',
  nc: '00000001',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
} as const;

describe('digestResponse', () => {
  it("gives RFC 7616's MD5 example response", () => {
    expect(digestResponse({ ...rfc7616, algorithm: 'MD5' })).toBe(
      '8ca523f5e9506fed4657c9700eebdbec',
    );
  });

  it("gives RFC 7616's SHA-256 example response", () => {
    expect(digestResponse({ ...rfc7616, algorithm: 'SHA-256' })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it("gives RFC 2617's example response (MD5, qop=auth)", () => {
    expect(
      digestResponse({
        algorithm: 'MD5',
        username: 'Mufasa',
        password: 'Circle Of Life',
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        method: 'GET',
        uri: '/dir/index.html',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it("answers a challenge without qop (RFC 2069) as sip.js's own MD5 digest does", () => {
    const request = {
      method: 'INVITE',
      ruri: { toString: () => 'sip:queue@pbx.example.com' },
      body: undefined,
    } as unknown as OutgoingRequestMessage;
    const sipJs = new DigestAuthentication(new LoggerFactory(), undefined, 'gw', 's3cret');
    sipJs.authenticate(request, { realm: 'pbx', nonce: 'abc123' });
    const expected = /response="([0-9a-f]+)"/.exec(sipJs.toString())?.[1];
    expect(
      digestResponse({
        algorithm: 'MD5',
        username: 'gw',
        password: 's3cret',
        realm: 'pbx',
        nonce: 'abc123',
        method: 'INVITE',
        uri: 'sip:queue@pbx.example.com',
      }),
    ).toBe(expected);
  });
});

describe('parseDigestAlgorithm', () => {
  it('reads MD5 when the challenge names none, and the -sess variants', () => {
    expect(parseDigestAlgorithm(undefined)).toEqual({ algorithm: 'MD5', session: false });
    expect(parseDigestAlgorithm('sha-256-sess')).toEqual({ algorithm: 'SHA-256', session: true });
    expect(parseDigestAlgorithm('SHA-512-256')).toEqual({
      algorithm: 'SHA-512-256',
      session: false,
    });
  });

  it('refuses an algorithm it cannot compute', () => {
    expect(parseDigestAlgorithm('AKAv1-MD5')).toBeUndefined();
  });
});

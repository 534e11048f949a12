import { createLocalJWKSet, generateKeyPair, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createCallTokenVerifier } from '../../../protocol/call-token-verification.ts';
import { CallTokenClaimsSchema } from '../../../protocol/call-token.ts';
import { callTokenClaims, signCallToken, type CallTokenContent } from './call-token-issuer.ts';
import { generateCallTokenKey, generateKeyFile } from './key-file.ts';
import { keyRingFrom, type SigningKey } from './key-ring.ts';
import { issueSessionToken, sessionVerifier } from './session-token.ts';

const now = new Date('2026-11-02T15:00:00Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);
const content: CallTokenContent = {
  sub: 'acme',
  callId: '4f0c3b8e-8a56-4d3e-9b7a-0a3f7c6d2e11',
  sid: 'session-0123456789',
  queue: {
    name: 'support-en',
    uri: 'sip:queue-support-en@127.0.0.1:5060',
    displayName: 'English Technical Support',
  },
  routing: { intent: 'support', language: 'en', country: 'US' },
  headers: { 'X-Queue-Skill': 'support' },
};

/** A call token made the way POST /v1/calls makes it (api/src/calls/create-call.ts). */
async function issueCallToken(signing: SigningKey, at: Date) {
  const claims = callTokenClaims(content, at);
  return { token: await signCallToken(signing, claims), claims };
}

/**
 * The verifier the gateway runs (protocol/call-token-verification.ts), on the API's JWKS and a
 * clock the test sets: `at(s)` moves it to `s` seconds after `now`.
 */
function gatewayVerifier(jwks: { keys: JWK[] }) {
  let current = now;
  const verify = createCallTokenVerifier({
    keys: createLocalJWKSet(jwks),
    now: () => current,
  });
  return (token: string, at: Date) => {
    current = at;
    return verify(token);
  };
}

describe('call tokens', () => {
  it('carry exactly the protocol claims, signed by the current key, for at most 120 s', async () => {
    const ring = await keyRingFrom(await generateKeyFile(now));
    const { token, claims } = await issueCallToken(ring.signingKey(now), now);
    expect(CallTokenClaimsSchema.strict().parse(claims)).toEqual(claims);
    expect(claims.exp - claims.iat).toBe(120);
    expect(await gatewayVerifier(ring.jwks())(token, later(1))).toEqual(claims);
  });

  it('fail at the gateway when forged, expired, replayed or meant for someone else', async () => {
    const ring = await keyRingFrom(await generateKeyFile(now));
    const verify = gatewayVerifier(ring.jwks());
    const { token } = await issueCallToken(ring.signingKey(now), now);
    await verify(token, later(1));
    await expect(verify(token, later(2))).rejects.toMatchObject({ code: 'token_replayed' });
    const fresh = await issueCallToken(ring.signingKey(now), now);
    await expect(verify(fresh.token, later(121))).rejects.toMatchObject({
      code: 'token_expired',
    });
    const other = await keyRingFrom(await generateKeyFile(now));
    const forged = await issueCallToken(other.signingKey(now), now);
    await expect(verify(forged.token, later(1))).rejects.toMatchObject({ code: 'token_invalid' });
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const sameKid = await new SignJWT({ ...fresh.claims, jti: 'another-jti-1' })
      .setProtectedHeader({ alg: 'EdDSA', kid: ring.signingKey(now).kid })
      .sign(privateKey);
    await expect(verify(sameKid, later(1))).rejects.toMatchObject({ code: 'token_invalid' });
    const wrongAudience = await new SignJWT({ ...fresh.claims, aud: 'api', jti: 'another-jti-2' })
      .setProtectedHeader({ alg: 'EdDSA', kid: ring.signingKey(now).kid })
      .sign(ring.signingKey(now).key);
    await expect(verify(wrongAudience, later(1))).rejects.toMatchObject({
      code: 'token_wrong_audience',
    });
  });

  it('rotate without downtime: the next key is published before it signs', async () => {
    const file = await generateKeyFile(now);
    const oldRing = await keyRingFrom(file);
    const { token: oldToken } = await issueCallToken(oldRing.signingKey(now), now);
    const next = await generateCallTokenKey(later(600));
    const ring = await keyRingFrom({ ...file, callTokenKeys: [...file.callTokenKeys, next] });
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([file.callTokenKeys[0]!.kid, next.kid]);
    expect(ring.signingKey(later(599)).kid).toBe(file.callTokenKeys[0]!.kid);
    expect(ring.signingKey(later(600)).kid).toBe(next.kid);
    expect(ring.jwks().keys.every((k) => k.d === undefined)).toBe(true);
    // A gateway that fetched the JWKS after the new key was added accepts both.
    const verify = gatewayVerifier(ring.jwks());
    await expect(verify(oldToken, later(5))).resolves.toMatchObject({ sub: 'acme' });
    const { token: newToken } = await issueCallToken(ring.signingKey(later(600)), later(600));
    await expect(verify(newToken, later(601))).resolves.toMatchObject({ sub: 'acme' });
  });
});

describe('session tokens', () => {
  it('verify for their site and IP, and fail when expired, forged, rebound or misused', async () => {
    const ring = await keyRingFrom(await generateKeyFile(now));
    const verify = sessionVerifier(() => ring.sessionKey);
    const { token, claims } = await issueSessionToken(
      ring.sessionKey,
      { siteId: 'acme', ip: '198.51.100.4' },
      now,
    );
    expect(await verify(token, { now: later(60), ip: '198.51.100.4' })).toEqual(claims);
    await expect(verify(token, { now: later(60), ip: '198.51.100.5' })).rejects.toMatchObject({
      code: 'session_ip_mismatch',
      status: 403,
    });
    await expect(verify(token, { now: later(15 * 60), ip: '198.51.100.4' })).rejects.toMatchObject({
      code: 'session_expired',
    });
    await expect(
      verify(token, { now: later(15 * 60), ip: '198.51.100.4', graceS: 3600 }),
    ).resolves.toEqual(claims);
    const other = await keyRingFrom(await generateKeyFile(now));
    const forged = await issueSessionToken(other.sessionKey, { siteId: 'acme' }, now);
    await expect(verify(forged.token, { now, ip: undefined })).rejects.toMatchObject({
      code: 'session_invalid',
      status: 401,
    });
    const callToken = await issueCallToken(ring.signingKey(now), now);
    await expect(verify(callToken.token, { now, ip: undefined })).rejects.toMatchObject({
      code: 'session_invalid',
    });
    await expect(verify('not.a.token', { now, ip: undefined })).rejects.toMatchObject({
      code: 'session_invalid',
    });
  });

  it('check expiry and address on every use, also of a session verified before', async () => {
    const ring = await keyRingFrom(await generateKeyFile(now));
    const verify = sessionVerifier(() => ring.sessionKey);
    const bound = await issueSessionToken(
      ring.sessionKey,
      { siteId: 'acme', ip: '192.0.2.7' },
      now,
    );
    for (let i = 0; i < 3; i++) {
      expect(await verify(bound.token, { now: later(1), ip: '192.0.2.7' })).toEqual(bound.claims);
      await expect(verify(bound.token, { now: later(1), ip: '192.0.2.8' })).rejects.toMatchObject({
        code: 'session_ip_mismatch',
      });
      await expect(verify(bound.token, { now: later(1), ip: undefined })).rejects.toMatchObject({
        code: 'session_ip_mismatch',
      });
    }
    await expect(
      verify(bound.token, { now: later(15 * 60), ip: '192.0.2.7' }),
    ).rejects.toMatchObject({
      code: 'session_expired',
    });
    const unbound = await issueSessionToken(ring.sessionKey, { siteId: 'acme' }, now);
    expect(await verify(unbound.token, { now: later(1), ip: '192.0.2.9' })).toEqual(unbound.claims);
    expect(await verify(unbound.token, { now: later(2), ip: '192.0.2.10' })).toEqual(
      unbound.claims,
    );
  });
});

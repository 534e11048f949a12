import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createCallTokenVerifier } from './call-token-verification.ts';
import { createProbeTokenVerifier } from './probe-token-verification.ts';

const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const forger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
const keys = createLocalJWKSet({ keys: [jwk] });

async function token(
  options: {
    typ?: string;
    claims?: Record<string, unknown>;
    aud?: string;
    lifeS?: number;
    iatOffsetS?: number;
    key?: CryptoKey;
  } = {},
) {
  const iat = Math.floor(Date.now() / 1000) + (options.iatOffsetS ?? 0);
  return new SignJWT(options.claims ?? { scope: 'connection-test' })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: options.typ ?? 'ctc-probe+jwt' })
    .setIssuer('click-to-call-api')
    .setAudience(options.aud ?? 'media')
    .setSubject('acme')
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifeS ?? 60))
    .sign(options.key ?? privateKey);
}

const callClaims = {
  callId: '6f1c2f7e-8a4b-4c1e-9d3a-2b5e7f9a1c3d',
  queue: { uri: 'sip:queue-sales@127.0.0.1:5060', displayName: 'English Sales' },
  routing: { intent: 'sales', language: 'en', country: 'US' },
};

describe('createProbeTokenVerifier', () => {
  it('accepts a probe token once', async () => {
    const verify = createProbeTokenVerifier({ keys });
    const good = await token();
    expect(await verify(good)).toMatchObject({ sub: 'acme', scope: 'connection-test' });
    await expect(verify(good)).rejects.toMatchObject({ code: 'token_replayed' });
  });

  it.each([
    ['missing', async () => undefined, 'token_missing'],
    ['forged', () => token({ key: forger.privateKey }), 'token_invalid'],
    ['expired', () => token({ iatOffsetS: -200, lifeS: 60 }), 'token_expired'],
    ['for another audience', () => token({ aud: 'api' }), 'token_wrong_audience'],
    ['living too long', () => token({ lifeS: 600 }), 'token_invalid'],
    ['garbage', async () => 'not.a.jwt', 'token_invalid'],
    ['call token', () => token({ typ: 'JWT', claims: callClaims }), 'token_wrong_type'],
    [
      'probe-typed token without the scope',
      () => token({ claims: callClaims }),
      'token_wrong_type',
    ],
  ])('refuses a %s', async (_name, make, code) => {
    const verify = createProbeTokenVerifier({ keys });
    await expect(verify(await make())).rejects.toMatchObject({ code });
  });

  it('is never taken for a call token', async () => {
    const verifyCall = createCallTokenVerifier({ keys });
    await expect(verifyCall(await token())).rejects.toMatchObject({ code: 'token_invalid' });
  });
});

import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createCallTokenVerifier } from './call-token-verification.ts';

const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const forger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
const keys = createLocalJWKSet({ keys: [jwk] });

const claims = {
  callId: '6f1c2f7e-8a4b-4c1e-9d3a-2b5e7f9a1c3d',
  sid: 'session-0123456789',
  queue: { name: 'sales-en', uri: 'sip:queue-sales@127.0.0.1:5060', displayName: 'English Sales' },
  routing: { intent: 'sales', language: 'en', country: 'US' },
};

async function token(
  options: {
    aud?: string;
    lifeS?: number;
    jti?: string;
    key?: CryptoKey;
    iatOffsetS?: number;
  } = {},
) {
  const iat = Math.floor(Date.now() / 1000) + (options.iatOffsetS ?? 0);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
    .setIssuer('click-to-call-api')
    .setAudience(options.aud ?? 'media')
    .setSubject('acme')
    .setJti(options.jti ?? crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifeS ?? 60))
    .sign(options.key ?? privateKey);
}

describe('createCallTokenVerifier', () => {
  it('accepts a good token once, and returns its claims', async () => {
    const verify = createCallTokenVerifier({ keys });
    const good = await token();
    expect(await verify(good)).toMatchObject({
      sub: 'acme',
      queue: { displayName: 'English Sales' },
    });
    await expect(verify(good)).rejects.toMatchObject({ code: 'token_replayed' });
  });

  it.each([
    ['missing', async () => undefined, 'token_missing'],
    ['forged', () => token({ key: forger.privateKey }), 'token_invalid'],
    ['expired', () => token({ iatOffsetS: -200, lifeS: 100 }), 'token_expired'],
    ['for another audience', () => token({ aud: 'api' }), 'token_wrong_audience'],
    ['living too long', () => token({ lifeS: 600 }), 'token_invalid'],
    ['garbage', async () => 'not.a.jwt', 'token_invalid'],
  ])('refuses a %s token', async (_name, make, code) => {
    const verify = createCallTokenVerifier({ keys });
    await expect(verify(await make())).rejects.toMatchObject({ code });
  });
});

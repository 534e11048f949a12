import { jwtVerify, type JWK, createLocalJWKSet } from 'jose';
import {
  CallTokenClaimsSchema,
  callTokenAudience,
  callTokenIssuer,
  callTokenMaxLifetimeS,
  type CallTokenClaims,
} from '../../../protocol/call-token.ts';

/**
 * The checks media/ must make on a call token (protocol/call-token-verification.md), written
 * once here so the API's tests prove that the tokens it issues pass them and that forged,
 * expired, replayed and wrong-audience tokens fail. media/ cannot import api/ (layers): it
 * implements the same steps against the JWKS endpoint.
 */
export function callTokenVerifier(jwks: { keys: JWK[] }) {
  const keySet = createLocalJWKSet(jwks);
  const seen = new Map<string, number>();
  return async (token: string, now: Date): Promise<CallTokenClaims> => {
    const { payload } = await jwtVerify(token, keySet, {
      algorithms: ['EdDSA'],
      issuer: callTokenIssuer,
      audience: callTokenAudience,
      currentDate: now,
      maxTokenAge: callTokenMaxLifetimeS,
      requiredClaims: ['jti', 'exp', 'iat', 'sub'],
    });
    const claims = CallTokenClaimsSchema.parse(payload);
    if (claims.exp - claims.iat > callTokenMaxLifetimeS) throw new Error('token lives too long');
    const nowS = now.getTime() / 1000;
    for (const [jti, exp] of seen) if (exp < nowS) seen.delete(jti);
    if (seen.has(claims.jti)) throw new Error('token already used');
    seen.set(claims.jti, claims.exp);
    return claims;
  };
}

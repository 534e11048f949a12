import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import {
  CallTokenClaimsSchema,
  callTokenAudience,
  callTokenIssuer,
  callTokenMaxLifetimeS,
  type CallTokenClaims,
} from './call-token.ts';

export type CallTokenErrorCode =
  'token_missing' | 'token_invalid' | 'token_expired' | 'token_replayed' | 'token_wrong_audience';

/** A call token the gateway refuses; `code` says why, the token itself is never included. */
export class CallTokenError extends Error {
  readonly code: CallTokenErrorCode;

  constructor(code: CallTokenErrorCode, message: string) {
    super(message);
    this.name = 'CallTokenError';
    this.code = code;
  }
}

export interface CallTokenVerifierOptions {
  /** The API's public keys: jose's createRemoteJWKSet (media) or createLocalJWKSet (tests). */
  keys: JWTVerifyGetKey;
  now?: () => Date;
}

/**
 * Verifies call tokens the way the gateway must: EdDSA signature by a key of the API's JWKS,
 * issuer, audience `media`, at most 120 s of life, the claims' schema, and single use by `jti`
 * (remembered until the token would have expired anyway).
 */
export function createCallTokenVerifier({
  keys,
  now = () => new Date(),
}: CallTokenVerifierOptions) {
  const used = new Map<string, number>();
  return async function verifyCallToken(token: string | undefined): Promise<CallTokenClaims> {
    if (!token) throw new CallTokenError('token_missing', 'no call token');
    const currentDate = now();
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['EdDSA'],
        issuer: callTokenIssuer,
        audience: callTokenAudience,
        currentDate,
        maxTokenAge: callTokenMaxLifetimeS,
        requiredClaims: ['jti', 'exp', 'iat', 'sub'],
      }));
    } catch (error) {
      throw classify(error);
    }
    const parsed = CallTokenClaimsSchema.safeParse(payload);
    if (!parsed.success)
      throw new CallTokenError('token_invalid', 'call token claims are malformed');
    const claims = parsed.data;
    if (claims.exp - claims.iat > callTokenMaxLifetimeS) {
      throw new CallTokenError('token_invalid', 'call token lives longer than allowed');
    }
    const nowS = currentDate.getTime() / 1000;
    for (const [jti, exp] of used) if (exp < nowS) used.delete(jti);
    if (used.has(claims.jti)) throw new CallTokenError('token_replayed', 'call token already used');
    used.set(claims.jti, claims.exp);
    return claims;
  };
}

function classify(error: unknown): CallTokenError {
  if (error instanceof errors.JWTExpired)
    return new CallTokenError('token_expired', 'call token expired');
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
    return new CallTokenError(
      'token_wrong_audience',
      'call token is not meant for the media gateway',
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iat') {
    return new CallTokenError('token_expired', 'call token is too old');
  }
  return new CallTokenError('token_invalid', 'call token signature or claims are invalid');
}

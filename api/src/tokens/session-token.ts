import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { UnauthorizedError, ForbiddenError } from '../errors.ts';

export const sessionAudience = 'click-to-call-session';
export const sessionIssuer = 'click-to-call-api';
export const sessionLifetimeS = 15 * 60;

export interface SessionClaims {
  /** Session id (the token's jti). */
  id: string;
  siteId: string;
  /** Hash of the client IP the session is bound to, if bound. */
  ipHash?: string;
  expiresAt: number;
}

/** The token carries a hash of the IP, not the IP: a token is no place for personal data. */
export const hashIp = (ip: string) =>
  createHash('sha256').update(ip).digest('base64url').slice(0, 22);

export async function issueSessionToken(
  key: CryptoKey,
  claims: { siteId: string; ip?: string },
  now: Date,
): Promise<{ token: string; claims: SessionClaims }> {
  const id = randomBytes(16).toString('base64url');
  const iat = Math.floor(now.getTime() / 1000);
  const ipHash = claims.ip === undefined ? undefined : hashIp(claims.ip);
  const token = await new SignJWT(ipHash ? { iph: ipHash } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(sessionIssuer)
    .setAudience(sessionAudience)
    .setSubject(claims.siteId)
    .setJti(id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + sessionLifetimeS)
    .sign(key);
  return {
    token,
    claims: { id, siteId: claims.siteId, ipHash, expiresAt: iat + sessionLifetimeS },
  };
}

export interface VerifySessionOptions {
  now: Date;
  ip: string | undefined;
  /** Accept a session this many seconds past expiry (rating or callback after a long call). */
  graceS?: number;
}

/**
 * Verifies a session token, caching what it verified: a session is used several times and
 * HMAC-verifying at thousands of requests per second is not free. Expiry and IP binding are
 * checked on every use.
 */
export function sessionVerifier(key: () => CryptoKey, maxCached = 50_000) {
  // Per token: its claims and the address last found to match its IP hash (hashing the
  // address on every request of a busy session costs more than the rest of the lookup).
  const cache = new Map<string, { claims: SessionClaims; matchedIp?: string }>();
  async function verified(token: string, now: Date) {
    const hit = cache.get(token);
    if (hit) return hit;
    try {
      const { payload } = await jwtVerify(token, key(), {
        issuer: sessionIssuer,
        audience: sessionAudience,
        algorithms: ['HS256'],
        currentDate: now,
        // Expiry is checked below with the route's grace.
        clockTolerance: 24 * 3600,
        requiredClaims: ['jti', 'sub', 'exp'],
      });
      const entry = {
        claims: {
          id: payload.jti!,
          siteId: payload.sub!,
          ipHash: typeof payload.iph === 'string' ? payload.iph : undefined,
          expiresAt: payload.exp!,
        },
      };
      if (cache.size >= maxCached) cache.clear();
      cache.set(token, entry);
      return entry;
    } catch (error) {
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
        throw new UnauthorizedError('session_invalid', 'This token is not a session token');
      }
      if (error instanceof errors.JWTExpired) {
        throw new UnauthorizedError('session_expired', 'The session has expired; start again');
      }
      throw new UnauthorizedError('session_invalid', 'The session token is not valid');
    }
  }
  return async (token: string, { now, ip, graceS = 0 }: VerifySessionOptions) => {
    const entry: { claims: SessionClaims; matchedIp?: string } = await verified(token, now);
    const { claims } = entry;
    if (claims.expiresAt + graceS <= now.getTime() / 1000) {
      throw new UnauthorizedError('session_expired', 'The session has expired; start again');
    }
    if (
      claims.ipHash &&
      (ip === undefined || (ip !== entry.matchedIp && hashIp(ip) !== claims.ipHash))
    ) {
      throw new ForbiddenError(
        'session_ip_mismatch',
        'The session belongs to another network address',
      );
    }
    if (claims.ipHash) entry.matchedIp = ip;
    return claims;
  };
}
export type SessionVerifier = ReturnType<typeof sessionVerifier>;

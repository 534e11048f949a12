import { randomUUID } from 'node:crypto';
import {
  callTokenAudience,
  callTokenIssuer,
  callTokenMaxLifetimeS,
  type CallTokenClaims,
} from '../../../protocol/call-token.ts';
import { signCompactEd25519 } from './ed25519-jws.ts';
import type { SigningKey } from './key-ring.ts';

export type CallTokenContent = Pick<
  CallTokenClaims,
  'sub' | 'callId' | 'sid' | 'queue' | 'routing' | 'headers' | 'connectionTest' | 'consent'
>;

/** A call token's claims: 120 s, a fresh jti each time. */
export function callTokenClaims(content: CallTokenContent, now: Date): CallTokenClaims {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    iss: callTokenIssuer,
    aud: callTokenAudience,
    // randomUUID draws from a cached entropy pool: cheaper than randomBytes per token.
    jti: randomUUID(),
    iat,
    exp: iat + callTokenMaxLifetimeS,
    ...content,
  };
}

/** Signs call token claims (EdDSA/Ed25519) for media/. */
export const signCallToken = (signing: SigningKey, claims: CallTokenClaims): Promise<string> =>
  signCompactEd25519({ kid: signing.kid, typ: 'JWT' }, claims, signing.key);

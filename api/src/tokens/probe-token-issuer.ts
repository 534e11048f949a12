import { randomUUID } from 'node:crypto';
import {
  probeTokenAudience,
  probeTokenIssuer,
  probeTokenMaxLifetimeS,
  probeTokenScope,
  probeTokenType,
  type ProbeTokenClaims,
} from '../../../protocol/probe-token.ts';
import { signCompactEd25519 } from './ed25519-jws.ts';
import type { SigningKey } from './key-ring.ts';

/**
 * Signs a probe token (protocol/probe-token.ts) for one connection test at media/: the
 * call-token key, but its own JOSE type and scope, so media never takes it for a call token.
 */
export async function issueProbeToken(
  signing: SigningKey,
  siteId: string,
  now: Date,
  /** The gateway node the test is placed on; unset: an unbound token (call-token.ts). */
  node?: string,
): Promise<{ token: string; claims: ProbeTokenClaims }> {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: ProbeTokenClaims = {
    iss: probeTokenIssuer,
    aud: probeTokenAudience,
    sub: siteId,
    jti: randomUUID(),
    iat,
    exp: iat + probeTokenMaxLifetimeS,
    scope: probeTokenScope,
    ...(node ? { node } : {}),
  };
  const token = await signCompactEd25519(
    { kid: signing.kid, typ: probeTokenType },
    claims,
    signing.key,
  );
  return { token, claims };
}

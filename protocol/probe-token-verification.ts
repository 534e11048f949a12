import {
  ProbeTokenClaimsSchema,
  probeTokenAudience,
  probeTokenIssuer,
  probeTokenMaxLifetimeS,
  probeTokenType,
} from './probe-token.ts';
import {
  createMediaTokenVerifier,
  type MediaTokenVerifierOptions,
} from './media-token-verification.ts';

export { MediaTokenError as ProbeTokenError } from './media-token-verification.ts';

/**
 * Verifies probe tokens as the gateway must: the same steps as for call tokens
 * (protocol/call-token-verification.md), plus the probe type and scope, and at most 60 s of
 * life. A call token offered here is refused as `token_wrong_type`.
 */
export function createProbeTokenVerifier(options: MediaTokenVerifierOptions) {
  return createMediaTokenVerifier(
    {
      label: 'probe token',
      schema: ProbeTokenClaimsSchema,
      issuer: probeTokenIssuer,
      audience: probeTokenAudience,
      maxLifetimeS: probeTokenMaxLifetimeS,
      typ: probeTokenType,
      malformed: 'token_wrong_type',
    },
    options,
  );
}

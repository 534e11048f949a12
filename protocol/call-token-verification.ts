import {
  CallTokenClaimsSchema,
  callTokenAudience,
  callTokenIssuer,
  callTokenMaxLifetimeS,
} from './call-token.ts';
import {
  createMediaTokenVerifier,
  type MediaTokenVerifierOptions,
} from './media-token-verification.ts';

/**
 * Verifies call tokens the way the gateway must: EdDSA signature by a key of the API's JWKS,
 * issuer, audience `media`, at most 120 s of life, the claims' schema, the gateway node the
 * token is bound to (`options.node`), and single use by `jti`.
 */
export function createCallTokenVerifier(options: MediaTokenVerifierOptions) {
  return createMediaTokenVerifier(
    {
      label: 'call token',
      schema: CallTokenClaimsSchema,
      issuer: callTokenIssuer,
      audience: callTokenAudience,
      maxLifetimeS: callTokenMaxLifetimeS,
      malformed: 'token_invalid',
    },
    options,
  );
}

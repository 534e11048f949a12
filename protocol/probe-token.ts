import { z } from 'zod';
import { callTokenAudience, callTokenIssuer, GatewayNodeClaimSchema } from './call-token.ts';

/**
 * A probe token lets a browser run one connection test against the media gateway: a data
 * channel whose probes the gateway echoes, nothing more. It is a JWT signed by the API's
 * call-token key for the same audience (`media`), so it is told apart from a call token by
 * its JOSE type (RFC 8725 explicit typing) and by its own claims: neither can stand in for
 * the other.
 */
export const probeTokenType = 'ctc-probe+jwt';
export const probeTokenAudience = callTokenAudience;
export const probeTokenIssuer = callTokenIssuer;
/** A probe token only has to reach the gateway right after the API issued it. */
export const probeTokenMaxLifetimeS = 60;
/** The one thing a probe token allows. */
export const probeTokenScope = 'connection-test';

export const ProbeTokenClaimsSchema = z.strictObject({
  iss: z.literal(probeTokenIssuer),
  aud: z.union([
    z.literal(probeTokenAudience),
    z.array(z.string()).refine((a) => a.includes(probeTokenAudience)),
  ]),
  /** The site the visitor is on. */
  sub: z.string().min(1).max(64),
  /** Token id: the gateway accepts each id once. */
  jti: z.string().min(8).max(128),
  iat: z.number().int(),
  exp: z.number().int(),
  scope: z.literal(probeTokenScope),
  /** The node the test is placed on, as the call after it will be (call-token.ts). */
  node: GatewayNodeClaimSchema,
});
export type ProbeTokenClaims = z.infer<typeof ProbeTokenClaimsSchema>;

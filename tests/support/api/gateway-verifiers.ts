// The token checks the gateway runs (protocol/), pointed at a test API's published keys and
// its clock: what route tests use to say "a token media accepts", so that they can never
// drift from what media/ really checks.
import { createLocalJWKSet } from 'jose';
import { createCallTokenVerifier } from '../../../protocol/call-token-verification.ts';
import type { VerifyingNode } from '../../../protocol/media-token-verification.ts';
import { createProbeTokenVerifier } from '../../../protocol/probe-token-verification.ts';
import type { TestApi } from './test-api.ts';

const gatewayOptions = (api: Pick<TestApi, 'keys' | 'clock'>, node?: VerifyingNode) => ({
  keys: createLocalJWKSet(api.keys.jwks()),
  now: () => api.clock.now,
  ...(node ? { node } : {}),
});

/**
 * Verifies call tokens as media/ does; like the gateway's, it accepts each token once. With
 * `node`, as that gateway node does; without, as a gateway that does not announce itself.
 */
export const gatewayCallTokenVerifier = (
  api: Pick<TestApi, 'keys' | 'clock'>,
  node?: VerifyingNode,
) => createCallTokenVerifier(gatewayOptions(api, node));

/** Verifies probe tokens as media/'s connection-test route does, once each. */
export const gatewayProbeTokenVerifier = (
  api: Pick<TestApi, 'keys' | 'clock'>,
  node?: VerifyingNode,
) => createProbeTokenVerifier(gatewayOptions(api, node));

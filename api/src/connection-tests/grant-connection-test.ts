import type { ConnectionTestGrant } from '../../../protocol/api/connection-test.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { authorizeSession } from '../calls/authorize-session.ts';
import { RateLimitedError } from '../errors.ts';
import { issueProbeToken } from '../tokens/probe-token-issuer.ts';
import { visitorIceServers } from '../turn/visitor-ice-servers.ts';
import { connectionTestUrl } from './connection-test-url.ts';

/**
 * The visitor reached the connection test: a probe token for the gateway the call would be
 * placed on now (api/src/gateways/), so the test measures the call's path. Tokens are
 * rate-limited per address and per site, as call tokens are: each opens a WebRTC transport
 * at the gateway for a few seconds.
 */
export async function grantConnectionTest(
  deps: ApiDeps,
  authorization: string | undefined,
  facts: RequestFacts,
): Promise<ConnectionTestGrant> {
  const now = deps.now();
  const { session, site } = await authorizeSession(deps, authorization, facts, now);
  const { limits } = site;
  const rate = await deps.repo.takeRates(
    [
      {
        key: `probe:site:${session.siteId}`,
        perMinute: limits.connectionTestsPerSitePerMinute,
        label: 'connection tests per site',
      },
      {
        key: `probe:ip:${facts.ip}`,
        perMinute: limits.connectionTestsPerIpPerMinute,
        label: 'connection tests per address',
      },
    ],
    now,
  );
  if (!rate.allowed)
    throw new RateLimitedError(`Too many ${rate.label}; try again later`, rate.retryAfterS);
  const iceServers = visitorIceServers(deps.turn, site, session.id, now);
  const gateway = await deps.gateways.place(site.media, now);
  const { token, claims } = await issueProbeToken(
    deps.keys.current().signingKey(now),
    session.siteId,
    now,
    gateway.nodeId,
  );
  return {
    probeToken: token,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    testUrl: connectionTestUrl(gateway.url),
    ...(gateway.nodeId ? { gatewayNode: gateway.nodeId } : {}),
    iceServers,
  };
}

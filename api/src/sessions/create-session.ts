import { addressBlock } from '../../../protocol/client-address/address-block.ts';
import type { CreateSessionRequest, Session } from '../../../protocol/api/session.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { NotFoundError, RateLimitedError } from '../errors.ts';
import { checkOrigin } from '../http/origin-check.ts';
import { issueSessionToken } from '../tokens/session-token.ts';

/** Site known, origin allowed, rates kept, captcha passed: then a session token. */
export async function createSession(
  deps: ApiDeps,
  request: CreateSessionRequest,
  facts: RequestFacts,
): Promise<Session> {
  const site = deps.sites.get(request.siteId);
  if (!site) throw new NotFoundError('site_not_found', `No site ${request.siteId}`);
  checkOrigin(site, request.siteId, facts.origin);
  const now = deps.now();
  const decision = await deps.repo.takeRates(
    [
      {
        key: `session:site:${request.siteId}`,
        perMinute: site.limits.sessionsPerSitePerMinute,
        label: 'sessions per site',
      },
      {
        key: `session:ip:${addressBlock(facts.ip)}`,
        perMinute: site.limits.sessionsPerIpPerMinute,
        label: 'sessions per address',
      },
    ],
    now,
  );
  if (!decision.allowed) {
    throw new RateLimitedError(`Too many ${decision.label}; try again later`, decision.retryAfterS);
  }
  await deps.captcha(site.captcha, request.captchaResponse, facts.ip);
  const { token, claims } = await issueSessionToken(
    deps.keys.current().sessionKey,
    { siteId: request.siteId, ip: site.bindSessionToIp ? facts.ip : undefined },
    now,
  );
  deps.metrics.sessions.inc({ site: request.siteId });
  return { sessionToken: token, expiresAt: new Date(claims.expiresAt * 1000).toISOString() };
}

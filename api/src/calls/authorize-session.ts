import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { ForbiddenError } from '../errors.ts';
import { bearerToken } from '../http/bearer.ts';
import { checkOrigin } from '../http/origin-check.ts';
import type { SessionClaims } from '../tokens/session-token.ts';

/** The visitor's session from its bearer token, its site, and the origin checked against it. */
export async function authorizeSession(
  deps: ApiDeps,
  authorization: string | undefined,
  facts: RequestFacts,
  now: Date,
  graceS = 0,
): Promise<{ session: SessionClaims; site: SiteConfig }> {
  const session = await deps.verifySession(bearerToken(authorization), {
    now,
    ip: facts.ip,
    graceS,
  });
  const site = deps.sites.get(session.siteId);
  if (!site)
    throw new ForbiddenError('site_not_found', `Site ${session.siteId} is no longer served`);
  checkOrigin(site, session.siteId, facts.origin);
  return { session, site };
}

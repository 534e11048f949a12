import { randomUUID } from 'node:crypto';
import type { CreateCallRequest, CreateCallResponse } from '../../../protocol/api/call-request.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { ApiError, RateLimitedError } from '../errors.ts';
import { callTokenClaims, signCallToken } from '../tokens/call-token-issuer.ts';
import { visitorIceServers } from '../turn/visitor-ice-servers.ts';
import { authorizeSession } from './authorize-session.ts';
import { routeVisitor } from './route-visitor.ts';

/**
 * The visitor pressed CLICK TO CALL: route the call, and either grant it (a signed call token
 * that carries everything its record will need) or offer a callback.
 */
export async function createCall(
  deps: ApiDeps,
  authorization: string | undefined,
  request: CreateCallRequest,
  facts: RequestFacts,
): Promise<CreateCallResponse> {
  const now = deps.now();
  const { session, site } = await authorizeSession(deps, authorization, facts, now);
  const decision = routeVisitor(deps, session.siteId, site, request.routing, now);
  if (decision.kind === 'callback') return decision;
  // Before the call counts against any limit: a site whose TURN is not configured fails here.
  const iceServers = visitorIceServers(deps.turn, site, session.id, now);
  const { limits } = site;
  const nowMs = now.getTime();
  const keys = {
    site: `site:${session.siteId}`,
    ip: `ip:${facts.ip}`,
    session: `session:${session.id}`,
  };
  const over: [string, number, number][] = [
    [
      'calls in progress for this site',
      deps.concurrency.count(keys.site, nowMs),
      limits.concurrentCallsPerSite,
    ],
    [
      'calls in progress from this address',
      deps.concurrency.count(keys.ip, nowMs),
      limits.concurrentCallsPerIp,
    ],
  ];
  for (const [what, count, limit] of over) {
    if (count >= limit) throw new RateLimitedError(`Too many ${what}; try again later`, 30);
  }
  if (deps.sessionCalls.get(keys.session, nowMs) >= limits.callsPerSession) {
    throw new ApiError(
      'session_exhausted',
      403,
      'This session may not start more calls; start again',
    );
  }
  const rate = deps.rateLimiter.take(
    [
      {
        key: `call:${keys.site}`,
        perMinute: limits.callsPerSitePerMinute,
        label: 'calls per site',
      },
      { key: `call:${keys.ip}`, perMinute: limits.callsPerIpPerMinute, label: 'calls per address' },
    ],
    nowMs,
  );
  if (!rate.allowed)
    throw new RateLimitedError(`Too many ${rate.label}; try again later`, rate.retryAfterS);

  const callId = randomUUID();
  const claims = callTokenClaims(
    {
      sub: session.siteId,
      callId,
      sid: session.id,
      queue: {
        name: decision.target.queue,
        uri: decision.target.uri,
        displayName: decision.target.displayName,
      },
      routing: request.routing,
      headers: decision.target.headers,
      ...(request.connectionTest ? { connectionTest: request.connectionTest } : {}),
    },
    now,
  );
  const tokenExpiresAt = new Date(claims.exp * 1000);
  // The call counts against the limits from here, before anything is awaited: requests
  // arriving meanwhile must see it, or a burst from one session would all pass the checks.
  deps.concurrency.start(callId, [keys.site, keys.ip], tokenExpiresAt.getTime());
  deps.sessionCalls.increment(keys.session, session.expiresAt * 1000, nowMs);
  let token: string;
  try {
    // Nothing is stored here: the token carries all the call record needs, and media reports
    // the call `created` with its claims when the visitor's INVITE arrives.
    token = await signCallToken(deps.keys.current().signingKey(now), claims);
  } catch (error) {
    // Not granted: the visitor may try again without having used up a call.
    deps.concurrency.cancel(callId);
    deps.sessionCalls.decrement(keys.session, nowMs);
    throw error;
  }
  deps.metrics.callTokens.inc({ site: session.siteId });
  return {
    kind: 'call',
    callId,
    callToken: token,
    expiresAt: tokenExpiresAt.toISOString(),
    queueDisplayName: decision.target.displayName,
    iceServers,
  };
}

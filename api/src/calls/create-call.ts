import { randomUUID } from 'node:crypto';
import type { CreateCallRequest, CreateCallResponse } from '../../../protocol/api/call-request.ts';
import { admitCall, releaseUngrantedCall } from '../abuse/call-admission.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import type { GatewayChoice } from '../gateways/gateway-placement.ts';
import { callTokenClaims, signCallToken } from '../tokens/call-token-issuer.ts';
import { visitorIceServers } from '../turn/visitor-ice-servers.ts';
import { acceptedConsent } from './accepted-consent.ts';
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
  // Checked before the call counts against any limit: a refusal here costs the visitor nothing.
  const consent = acceptedConsent(site.consentNotice, request.consent, now);
  // Before the call counts against any limit: a site whose TURN is not configured fails here.
  const iceServers = visitorIceServers(deps.turn, site, session.id, now);
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
      ...(consent ? { consent } : {}),
    },
    now,
  );
  const tokenExpiresAt = new Date(claims.exp * 1000);
  // The call counts against the limits from here, in every API instance: requests arriving
  // meanwhile see it, so a burst from one session cannot all pass the checks.
  await admitCall(
    deps.repo,
    {
      callId,
      siteId: session.siteId,
      ip: facts.ip,
      sessionId: session.id,
      sessionExpiresAt: new Date(session.expiresAt * 1000),
      tokenExpiresAt,
    },
    site.limits,
    now,
  );
  let token: string;
  let gateway: GatewayChoice;
  try {
    // Placed only once the limits let the call through: a refused call takes no node's room.
    gateway = await deps.gateways.place(site.media, now, request.gatewayNode);
    // Nothing is stored here: the token carries all the call record needs, and media reports
    // the call `created` with its claims when the visitor's INVITE arrives.
    token = await signCallToken(deps.keys.current().signingKey(now), {
      ...claims,
      ...(gateway.nodeId ? { node: gateway.nodeId } : {}),
    });
  } catch (error) {
    // Not granted: the visitor may try again without having used up a call.
    await releaseUngrantedCall(deps.repo, callId).catch((releaseError: unknown) =>
      deps.logger.error(
        { err: releaseError },
        'an ungranted call holds its limits until its token expires',
      ),
    );
    throw error;
  }
  deps.metrics.callTokens.inc({ site: session.siteId });
  return {
    kind: 'call',
    callId,
    callToken: token,
    gatewayUrl: gateway.url,
    expiresAt: tokenExpiresAt.toISOString(),
    queueDisplayName: decision.target.displayName,
    queue: decision.target.queue,
    iceServers,
  };
}

import { addressBlock } from '../../../protocol/client-address/address-block.ts';
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type {
  CallbackReceipt,
  CallbackRequestBody,
} from '../../../protocol/api/callback-request.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { authorizeSession } from '../calls/authorize-session.ts';
import { ApiError, ConflictError, NotFoundError, RateLimitedError } from '../errors.ts';
import { afterCallGraceS, requestHash } from '../ratings/submit-rating.ts';
import { offeredProblem, routeCall } from '../sites/route-call.ts';

/** The number as the visitor typed it, read in their country, in E.164; or a 422. */
export function normalizePhone(phone: string, country: string): string {
  const parsed = parsePhoneNumberFromString(phone, country as CountryCode);
  if (!parsed?.isValid()) {
    throw new ApiError('invalid_phone_number', 422, `phone is not a valid number for ${country}`);
  }
  return parsed.number;
}

/** A visitor asks to be called back (closed hours, no route, or after a low rating). */
export async function requestCallback(
  deps: ApiDeps,
  authorization: string | undefined,
  idempotencyKey: string,
  body: CallbackRequestBody,
  facts: RequestFacts,
): Promise<{ created: boolean; receipt: CallbackReceipt }> {
  const now = deps.now();
  const { session, site } = await authorizeSession(
    deps,
    authorization,
    facts,
    now,
    afterCallGraceS,
  );
  const problem = offeredProblem(site, body.routing);
  if (problem) throw new ApiError('routing_not_offered', 422, problem);
  const phone = normalizePhone(body.phone, body.routing.country);
  if (body.callId) {
    const call = await deps.repo.getCall(body.callId);
    if (!call || call.sessionId !== session.id) {
      throw new NotFoundError('call_not_found', 'No such call in this session');
    }
  }
  const rate = await deps.repo.takeRates(
    [
      {
        key: `callback:ip:${addressBlock(facts.ip)}`,
        perMinute: site.limits.callsPerIpPerMinute,
        label: 'callback requests per address',
      },
    ],
    now,
  );
  if (!rate.allowed)
    throw new RateLimitedError(`Too many ${rate.label}; try again later`, rate.retryAfterS);
  const decision = routeCall(site, body.routing, now);
  const queue = decision.kind === 'call' ? decision.target.queue : (decision.queue ?? null);
  const outcome = await deps.repo.insertCallbackRequest({
    id: randomUUID(),
    siteId: session.siteId,
    idempotencyKey,
    requestHash: requestHash({ ...body, phone }),
    phone,
    queue,
    routing: body.routing,
    windowFrom: body.preferredWindow ? new Date(body.preferredWindow.from) : undefined,
    windowTo: body.preferredWindow ? new Date(body.preferredWindow.to) : undefined,
    consentAt: now,
    callId: body.callId,
    createdAt: now,
  });
  if (outcome.kind === 'key_conflict') {
    throw new ConflictError(
      'idempotency_key_reused',
      'This Idempotency-Key was used for another request',
    );
  }
  if (outcome.kind === 'created') deps.metrics.callbacks.inc({ site: session.siteId });
  const { value } = outcome;
  return {
    created: outcome.kind === 'created',
    receipt: {
      id: value.id,
      // A replay asked for the same number (same request hash), erased or not since.
      phone: value.phone ?? phone,
      queue: value.queue,
      status: value.status,
      createdAt: value.createdAt.toISOString(),
    },
  };
}

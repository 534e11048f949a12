import { addressBlock } from '../../../protocol/client-address/address-block.ts';
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type {
  CallbackReceipt,
  CallbackRequestBody,
} from '../../../protocol/api/callback-request.ts';
import type { ApiDeps, RequestFacts } from '../api-deps.ts';
import { authorizeSession } from '../calls/authorize-session.ts';
import { phoneForPeople } from './phone-for-people.ts';
import { checkCallbackWindow } from './callback-slots.ts';
import { callbackHours } from './list-callback-slots.ts';
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

/**
 * A visitor asks to be called back (closed hours, no route, after a low rating or hanging up
 * while it rang, instead of a long wait, or of their own accord).
 */
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
  const preferred = body.preferredWindow && {
    from: new Date(body.preferredWindow.from),
    to: new Date(body.preferredWindow.to),
  };
  // Held to the hours of the queue the choices reach (open or closed now), as the form's slots.
  if (preferred) {
    checkCallbackWindow(callbackHours(site, body.routing, now), site.callbacks, preferred, now);
  }
  // A call without a record yet is no refusal: media's reports of it may still be on their
  // way (the visitor asks right after the call). The request is stored, and linked to the
  // call when its record lands, if the call is this visitor's.
  const call = body.callId ? await deps.repo.getCall(body.callId) : undefined;
  if (call && (call.sessionId !== session.id || call.siteId !== session.siteId)) {
    throw new NotFoundError('call_not_found', 'No such call in this session');
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
    windowFrom: preferred?.from,
    windowTo: preferred?.to,
    consentAt: now,
    callId: call ? body.callId : undefined,
    origin: body.origin,
    createdAt: now,
  });
  if (outcome.kind === 'key_conflict') {
    throw new ConflictError(
      'idempotency_key_reused',
      'This Idempotency-Key was used for another request',
    );
  }
  // A retry too: the first attempt may have stopped between storing and holding the link.
  if (body.callId && !outcome.value.callId) {
    await deps.repo.linkCallbackToCall(
      {
        callbackId: outcome.value.id,
        callId: body.callId,
        siteId: session.siteId,
        sessionId: session.id,
        heldAt: now,
      },
      site.limits.callsPerSession,
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
      phoneForPeople: phoneForPeople(value.phone ?? phone, body.routing.country),
      queue: value.queue,
      status: value.status,
      createdAt: value.createdAt.toISOString(),
    },
  };
}

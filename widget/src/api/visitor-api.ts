import type { ApiError } from '../../../protocol/api/api-error.ts';
import type { Availability } from '../../../protocol/api/availability.ts';
import type {
  CallbackReceipt,
  CallbackRequestBody,
} from '../../../protocol/api/callback-request.ts';
import type { CallbackSlots } from '../../../protocol/api/callback-slots.ts';
import type { ConsentAcceptance } from '../../../protocol/api/consent-notice.ts';
import type { ConnectionTest, ConnectionTestGrant } from '../../../protocol/api/connection-test.ts';
import type { Rating, RatingRequest } from '../../../protocol/api/rating.ts';
import type { CreateCallResponse } from '../../../protocol/api/call-request.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';
import type { Session } from '../../../protocol/api/session.ts';

/** A refused API request, with the API's stable `{code, message}`. */
export class VisitorApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'VisitorApiError';
    this.status = status;
    this.code = code;
  }
}

export type VisitorApi = ReturnType<typeof visitorApi>;

/** The API calls the widget makes around a call (types only from protocol/: no zod here). */
export function visitorApi(baseUrl: string) {
  const request = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(new URL(path, baseUrl), {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    const body = (await res.json().catch(() => ({}))) as Partial<ApiError>;
    if (!res.ok)
      throw new VisitorApiError(
        res.status,
        body.code ?? 'http_error',
        body.message ?? `HTTP ${res.status}`,
      );
    return body as T;
  };
  return {
    /**
     * `fresh`: past the browser's copy, which it may keep for a minute (the API's max-age),
     * revalidated with the API instead: the site's notice changed since the widget loaded.
     */
    siteConfig: (siteId: string, { fresh = false } = {}) =>
      request<PublicSiteConfig>(
        `/v1/sites/${encodeURIComponent(siteId)}/config`,
        fresh ? { cache: 'no-cache' } : {},
      ),
    createSession: (siteId: string, captchaResponse: string) =>
      request<Session>('/v1/sessions', {
        method: 'POST',
        body: JSON.stringify({ siteId, captchaResponse }),
      }),
    grantConnectionTest: (sessionToken: string) =>
      request<ConnectionTestGrant>('/v1/connection-tests', {
        method: 'POST',
        headers: { authorization: `Bearer ${sessionToken}` },
      }),
    /** With the visitor's ringing call, its expected wait counts from its place in line. */
    checkAvailability: (sessionToken: string, routing: RoutingData, callId?: string) =>
      request<Availability>('/v1/availability', {
        method: 'POST',
        headers: { authorization: `Bearer ${sessionToken}` },
        body: JSON.stringify({ routing, ...(callId ? { callId } : {}) }),
      }),
    createCall: (
      sessionToken: string,
      routing: RoutingData,
      connectionTest?: ConnectionTest,
      gatewayNode?: string,
      consent?: ConsentAcceptance,
    ) =>
      request<CreateCallResponse>('/v1/calls', {
        method: 'POST',
        headers: { authorization: `Bearer ${sessionToken}` },
        body: JSON.stringify({
          routing,
          ...(connectionTest ? { connectionTest } : {}),
          ...(gatewayNode ? { gatewayNode } : {}),
          ...(consent ? { consent } : {}),
        }),
      }),
    // The idempotency key is chosen once per form: a retry after a lost answer is not a duplicate.
    rateCall: (sessionToken: string, callId: string, rating: RatingRequest, key: string) =>
      request<Rating>(`/v1/calls/${encodeURIComponent(callId)}/rating`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sessionToken}`, 'idempotency-key': key },
        body: JSON.stringify(rating),
      }),
    /** The times a callback for these choices may be asked for. */
    listCallbackSlots: (sessionToken: string, routing: RoutingData) =>
      request<CallbackSlots>('/v1/callback-slots', {
        method: 'POST',
        headers: { authorization: `Bearer ${sessionToken}` },
        body: JSON.stringify({ routing }),
      }),
    requestCallback: (sessionToken: string, body: CallbackRequestBody, key: string) =>
      request<CallbackReceipt>('/v1/callbacks', {
        method: 'POST',
        headers: { authorization: `Bearer ${sessionToken}`, 'idempotency-key': key },
        body: JSON.stringify(body),
      }),
  };
}

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

/** The few API calls the widget makes before a call (types only from protocol/: no zod here). */
export function visitorApi(baseUrl: string) {
  const request = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(new URL(path, baseUrl), {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    if (!res.ok)
      throw new VisitorApiError(
        res.status,
        body.code ?? 'http_error',
        body.message ?? `HTTP ${res.status}`,
      );
    return body as T;
  };
  return {
    siteConfig: (siteId: string) =>
      request<PublicSiteConfig>(`/v1/sites/${encodeURIComponent(siteId)}/config`),
    createSession: (siteId: string, captchaResponse: string) =>
      request<Session>('/v1/sessions', {
        method: 'POST',
        body: JSON.stringify({ siteId, captchaResponse }),
      }),
    createCall: (sessionToken: string, routing: RoutingData) =>
      request<CreateCallResponse>('/v1/calls', {
        method: 'POST',
        headers: { authorization: `Bearer ${sessionToken}` },
        body: JSON.stringify({ routing }),
      }),
  };
}

import { Webhook } from 'standardwebhooks';
import type { SecretValue } from '../../../protocol/config/secret-file.ts';

export interface WebhookRequest {
  url: string;
  /** The endpoint's `whsec_` secret. */
  secret: SecretValue;
  /** The event's id: the same on every attempt, so the receiver can drop a repeat. */
  webhookId: string;
  body: string;
}

export interface SendOutcome {
  delivered: boolean;
  statusCode?: number;
  /** Why it failed, short and free of the body: `HTTP 503`, `ECONNREFUSED`, `timeout ...`. */
  error?: string;
}

/**
 * The Standard Webhooks headers: the id, the attempt's time in Unix seconds, and `v1,` with
 * the base64 HMAC-SHA256 of `id.timestamp.body` under the secret, made by the scheme's own
 * library (receivers check it with the same library's `verify`, or their language's port).
 */
export function webhookHeaders(request: WebhookRequest, at: Date): Record<string, string> {
  const signature = new Webhook(request.secret.reveal()).sign(request.webhookId, at, request.body);
  return {
    'content-type': 'application/json',
    'user-agent': 'click-to-call-webhooks/1',
    'webhook-id': request.webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/** What went wrong below HTTP, named as operators search for it. */
function networkError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  const message = typeof cause?.message === 'string' ? cause.message : String(error);
  return message.slice(0, 200);
}

/**
 * One attempt: POSTs the signed body and tells whether the receiver took it (any 2xx).
 * Redirects are not followed (a 3xx is a failure to fix in the sites file), and the
 * receiver's body is not read beyond its status.
 */
export async function sendWebhook(
  request: WebhookRequest,
  options: { at: Date; timeoutMs: number },
): Promise<SendOutcome> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: webhookHeaders(request, options.at),
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel();
    const delivered = response.status >= 200 && response.status < 300;
    return {
      delivered,
      statusCode: response.status,
      ...(delivered ? {} : { error: `HTTP ${response.status}` }),
    };
  } catch (error) {
    return { delivered: false, error: networkError(error, options.timeoutMs) };
  }
}

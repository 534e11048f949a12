import type { RatingRequest } from '../../../protocol/api/rating.ts';
import { demoOrigin } from './api-call-grant.ts';

/**
 * What the widget sends once the call is over: the visitor's rating, in the session the call
 * was made in, with the form's Idempotency-Key (the same on a retry).
 */
export function rateCall(options: {
  apiUrl: string;
  session: { authorization: string };
  callId: string;
  rating: RatingRequest;
  idempotencyKey: string;
}): Promise<Response> {
  return fetch(`${options.apiUrl}/v1/calls/${options.callId}/rating`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: demoOrigin,
      'idempotency-key': options.idempotencyKey,
      ...options.session,
    },
    body: JSON.stringify(options.rating),
  });
}

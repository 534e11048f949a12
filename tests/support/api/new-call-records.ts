// The call and callback request records storage tests insert, as the API builds them for
// acme's English support queue: one place for the fields a test does not look at.
import { randomUUID } from 'node:crypto';
import type { NewCall, NewCallbackRequest } from '../../../api/src/storage/repository.ts';

const supportEn = { intent: 'support', language: 'en', country: 'US' };

/** A call granted at `createdAt` in acme's support-en queue, its token good for two minutes. */
export const newCall = (createdAt: Date, over: Partial<NewCall> = {}): NewCall => ({
  id: randomUUID(),
  siteId: 'acme',
  sessionId: randomUUID(),
  queue: 'support-en',
  queueDisplayName: 'English Technical Support',
  routing: supportEn,
  createdAt,
  tokenExpiresAt: new Date(createdAt.getTime() + 120_000),
  ...over,
});

/** A callback request for acme's support-en queue, consented to and made at `createdAt`. */
export const newCallbackRequest = (
  createdAt: Date,
  over: Partial<NewCallbackRequest> = {},
): NewCallbackRequest => ({
  id: randomUUID(),
  siteId: 'acme',
  idempotencyKey: randomUUID(),
  requestHash: 'h',
  phone: '+17139293714',
  queue: 'support-en',
  routing: supportEn,
  consentAt: createdAt,
  createdAt,
  ...over,
});

import type { CallRecord } from '../../../api/src/storage/repository.ts';

/** When `callRecord`'s calls were granted. */
export const t0 = new Date('2026-12-07T10:00:00Z');

/** A call record of site acme's queue sales, just created, with `over` over it. */
export function callRecord(over: Partial<CallRecord> & { id: string }): CallRecord {
  return {
    siteId: 'acme',
    sessionId: 'session-1',
    queue: 'sales',
    queueDisplayName: 'Sales',
    routing: { intent: 'buy', language: 'en', country: 'GB' },
    createdAt: t0,
    tokenExpiresAt: new Date(t0.getTime() + 600_000),
    status: 'created',
    ...over,
  };
}

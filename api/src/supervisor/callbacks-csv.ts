import { reasonText } from './callback-reason.ts';
import type { ReviewedCallback } from './callbacks-section.ts';
import { csvTable } from './csv.ts';

const iso = (date: Date | undefined) => date?.toISOString();

/**
 * The callback requests as CSV, as the callbacks section lists them: the number in E.164
 * (behind the apostrophe csv.ts puts before any leading `+`, so a spreadsheet reads it as
 * text, not a formula), empty once erased past retention, and why each was asked for.
 */
export function callbacksCsv(
  callbacks: ReviewedCallback[],
  queueName: (siteId: string, queue: string) => string,
): string {
  return csvTable(callbacks, [
    ['created_at', (r) => iso(r.createdAt)],
    ['callback_id', (r) => r.id],
    ['site', (r) => r.siteId],
    ['phone', (r) => r.phone],
    ['queue', (r) => r.queue],
    ['queue_name', (r) => (r.queue === null ? '' : queueName(r.siteId, r.queue))],
    ['reason', (r) => reasonText(r.reason)],
    ['intent', (r) => r.routing.intent],
    ['language', (r) => r.routing.language],
    ['country', (r) => r.routing.country],
    ['window_from', (r) => iso(r.windowFrom)],
    ['window_to', (r) => iso(r.windowTo)],
    ['status', (r) => r.status],
    ['status_by', (r) => r.statusBy],
    ['status_at', (r) => iso(r.statusAt)],
    ['call_id', (r) => r.callId],
    ['rating_stars', (r) => r.rating?.stars],
    ['consent_at', (r) => iso(r.consentAt)],
    ['personal_data_erased_at', (r) => iso(r.personalDataErasedAt)],
  ]);
}

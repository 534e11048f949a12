import { reasonText } from './callback-reason.ts';
import type { ReviewedCallback } from './callbacks-section.ts';
import { csvLine } from './csv.ts';

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
  const header = csvLine([
    'created_at',
    'callback_id',
    'site',
    'phone',
    'queue',
    'queue_name',
    'reason',
    'intent',
    'language',
    'country',
    'window_from',
    'window_to',
    'status',
    'status_by',
    'status_at',
    'call_id',
    'rating_stars',
    'consent_at',
    'personal_data_erased_at',
  ]);
  const rows = callbacks.map((r) =>
    csvLine([
      iso(r.createdAt),
      r.id,
      r.siteId,
      r.phone,
      r.queue,
      r.queue === null ? '' : queueName(r.siteId, r.queue),
      reasonText(r.reason),
      r.routing.intent,
      r.routing.language,
      r.routing.country,
      iso(r.windowFrom),
      iso(r.windowTo),
      r.status,
      r.statusBy,
      iso(r.statusAt),
      r.callId,
      r.rating?.stars,
      iso(r.consentAt),
      iso(r.personalDataErasedAt),
    ]),
  );
  return header + rows.join('');
}

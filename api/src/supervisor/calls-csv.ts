import type { CallReviewRow } from '../storage/sql-call-review.ts';
import { talkS, waitS } from './call-timing.ts';
import { csvLine } from './csv.ts';
import { endReasonText } from './end-reason-text.ts';

const iso = (date: Date | undefined) => date?.toISOString();

/**
 * The calls list as CSV, every page: times in UTC (ISO 8601) and durations in seconds for
 * machines; the queue's display name and the end in words for people.
 */
export function callsCsv(
  calls: CallReviewRow[],
  queueName: (siteId: string, queue: string) => string,
): string {
  const header = csvLine([
    'created_at',
    'call_id',
    'site',
    'queue',
    'queue_name',
    'intent',
    'language',
    'country',
    'answered_at',
    'ended_at',
    'wait_s',
    'talk_s',
    'end_reason',
    'end_reason_text',
    'agent',
    'connection_verdict',
    'connection_rtt_ms',
    'connection_jitter_ms',
    'connection_loss_pct',
    'mos',
    'loss_pct',
    'jitter_ms',
    'rtt_ms',
    'stars',
    'rating_id',
    'callback_id',
    'callback_status',
    'consent_version',
    'consent_language',
    'consent_accepted_at',
    'consent_text_sha256',
  ]);
  const rows = calls.map((c) =>
    csvLine([
      iso(c.createdAt),
      c.id,
      c.siteId,
      c.queue,
      queueName(c.siteId, c.queue),
      c.routing.intent,
      c.routing.language,
      c.routing.country,
      iso(c.answeredAt),
      iso(c.endedAt),
      waitS(c),
      talkS(c),
      c.endReason,
      endReasonText(c.endReason),
      c.agentName,
      c.connectionTest?.verdict,
      c.connectionTest?.rttMs,
      c.connectionTest?.jitterMs,
      c.connectionTest?.lossPct,
      c.quality?.mos,
      c.quality?.lossPct,
      c.quality?.jitterMs,
      c.quality?.rttMs,
      c.rating?.stars,
      c.rating?.id,
      c.callback?.id,
      c.callback?.status,
      c.consent?.version,
      c.consent?.language,
      c.consent?.acceptedAt,
      c.consent?.textSha256,
    ]),
  );
  return header + rows.join('');
}

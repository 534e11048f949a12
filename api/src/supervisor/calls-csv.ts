import type { CallReviewRow } from '../storage/sql-call-review.ts';
import { talkS, waitS } from './call-timing.ts';
import { csvTable } from './csv.ts';
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
  return csvTable(calls, [
    ['created_at', (c) => iso(c.createdAt)],
    ['call_id', (c) => c.id],
    ['site', (c) => c.siteId],
    ['queue', (c) => c.queue],
    ['queue_name', (c) => queueName(c.siteId, c.queue)],
    ['intent', (c) => c.routing.intent],
    ['language', (c) => c.routing.language],
    ['country', (c) => c.routing.country],
    ['answered_at', (c) => iso(c.answeredAt)],
    ['ended_at', (c) => iso(c.endedAt)],
    ['wait_s', (c) => waitS(c)],
    ['talk_s', (c) => talkS(c)],
    ['end_reason', (c) => c.endReason],
    ['end_reason_text', (c) => endReasonText(c.endReason)],
    ['agent', (c) => c.agentName],
    ['connection_verdict', (c) => c.connectionTest?.verdict],
    ['connection_rtt_ms', (c) => c.connectionTest?.rttMs],
    ['connection_jitter_ms', (c) => c.connectionTest?.jitterMs],
    ['connection_loss_pct', (c) => c.connectionTest?.lossPct],
    ['mos', (c) => c.quality?.mos],
    ['loss_pct', (c) => c.quality?.lossPct],
    ['jitter_ms', (c) => c.quality?.jitterMs],
    ['rtt_ms', (c) => c.quality?.rttMs],
    ['stars', (c) => c.rating?.stars],
    ['rating_id', (c) => c.rating?.id],
    ['callback_id', (c) => c.callback?.id],
    ['callback_status', (c) => c.callback?.status],
    ['consent_version', (c) => c.consent?.version],
    ['consent_language', (c) => c.consent?.language],
    ['consent_accepted_at', (c) => c.consent?.acceptedAt],
    ['consent_text_sha256', (c) => c.consent?.textSha256],
  ]);
}
